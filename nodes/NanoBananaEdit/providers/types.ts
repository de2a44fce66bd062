import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import type { ImageContent } from '../binaryStream';
import type { EditParameters } from '../parameters';
import type { HttpResponse } from '../transport';

/** A reference image ready to send: its true type, size and a fresh copy of its bytes. */
export interface OutgoingImage {
	fileName: string;
	mimeType: string;
	byteLength: number;
	content: ImageContent;
}

/** One image in a provider's answer: inline bytes, a URL to fetch, or both. */
export interface GeneratedImage {
	index: number;
	bytes?: Buffer;
	url?: string;
	revisedPrompt?: string;
	text?: string;
}

export interface ProviderResult {
	images: GeneratedImage[];
	/** Answer-wide fields copied into every output item (e.g. `created`, `usage`). */
	metadata: IDataObject;
}

/**
 * The wire format of one image API. Everything else (parameters, inputs, retries, concurrency,
 * outputs) is shared between providers.
 */
export interface ImageProvider {
	buildRequest(baseUrl: string, edit: EditParameters, images: OutgoingImage[]): IHttpRequestOptions;
	/** Reads a 2xx answer; throws an EditError when it holds no usable image. */
	parseResponse(response: HttpResponse, edit: EditParameters): ProviderResult;
}
