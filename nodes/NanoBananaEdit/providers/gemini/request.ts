import type { IHttpRequestOptions } from 'n8n-workflow';

import type { ImageContent } from '../../binaryStream';
import { inputError } from '../../errors';
import { formatBytes } from '../../httpErrors';
import type { EditParameters } from '../../parameters';
import type { OutgoingImage } from '../types';
import { generateContentUrl } from './endpoint';
import { toImageConfig } from './imageConfig';

/** Google's cap on a request's inline data, counted as base64. */
export const MAX_INLINE_BYTES = 100 * 1024 * 1024;

const base64Length = (bytes: number) => 4 * Math.ceil(bytes / 3);

async function readAll(content: ImageContent): Promise<Buffer> {
	if (Buffer.isBuffer(content)) return content;
	const chunks: Buffer[] = [];
	for await (const chunk of content) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

/** Options that only mean something to an OpenAI-compatible gateway are refused rather than dropped. */
function checkGatewayOnlyOptions(edit: EditParameters): void {
	if (edit.output === 'url') {
		throw inputError(
			'"Output: Image URL" is not available with the Google Gemini API: Google returns the image itself, not a link to it',
			'Set "Output" to "Binary Image". To get a link, upload the image with another node (e.g. S3 or Google Drive).',
		);
	}
	if (edit.extraFields.length > 0) {
		throw inputError(
			`Extra fields (${edit.extraFields.map((field) => field.name).join(', ')}) apply to OpenAI-compatible gateways only`,
			'Remove them. With the Google Gemini API, "Size" sets the aspect ratio (e.g. 16:9) or the image size (1K, 2K, 4K).',
		);
	}
}

function checkInlineSize(images: OutgoingImage[]): void {
	const inline = images.reduce((sum, image) => sum + base64Length(image.byteLength), 0);
	if (inline > MAX_INLINE_BYTES) {
		throw inputError(
			`The reference images total ${formatBytes(inline)} as base64, more than the ${formatBytes(MAX_INLINE_BYTES)} Google accepts inline per request`,
			'Send fewer or smaller reference images (resize or compress them first, e.g. with the Edit Image node).',
		);
	}
}

/**
 * The JSON POST of generateContent: the prompt as a text part, then each reference image as an
 * inline-data part with its true MIME type, asking for text and image output.
 */
export async function buildGenerateContentRequest(
	baseUrl: string,
	edit: EditParameters,
	images: OutgoingImage[],
): Promise<IHttpRequestOptions> {
	checkGatewayOnlyOptions(edit);
	const imageConfig = toImageConfig(edit.size, edit.model);
	checkInlineSize(images);
	const parts: object[] = [{ text: edit.prompt }];
	for (const image of images) {
		const data = (await readAll(image.content)).toString('base64');
		parts.push({ inlineData: { mimeType: image.mimeType, data } });
	}
	const body = {
		contents: [{ role: 'user', parts }],
		generationConfig: { responseModalities: ['TEXT', 'IMAGE'], ...(imageConfig ? { imageConfig } : {}) },
	};
	return {
		method: 'POST',
		url: generateContentUrl(baseUrl, edit.model),
		headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
	};
}
