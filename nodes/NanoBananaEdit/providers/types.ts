import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import type { ImageContent } from '../binaryStream';
import type { EditError } from '../errors';
import type { ErrorContext } from '../httpErrors';
import type { EditParameters } from '../parameters';
import type { HttpResponse, StreamedAnswer } from '../transport';

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
	/** Runs once per attempt; may read the images' streams (a JSON body needs their bytes). */
	buildRequest(
		baseUrl: string,
		edit: EditParameters,
		images: OutgoingImage[],
	): IHttpRequestOptions | Promise<IHttpRequestOptions>;
	/** Reads a 2xx answer while it streams in; throws an EditError when it holds no usable image. */
	parseResponse(answer: StreamedAnswer, edit: EditParameters): Promise<ProviderResult>;
	/** Explains a final non-2xx answer in this API's terms. */
	describeError(response: HttpResponse, context: ErrorContext): EditError;
	/** A retry delay the API states in its body rather than in a Retry-After header. */
	retryAfterMs?(response: HttpResponse): number | undefined;
}
