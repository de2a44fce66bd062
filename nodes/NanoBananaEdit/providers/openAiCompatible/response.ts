import type { IDataObject } from 'n8n-workflow';

import { Base64Decoder, DecodedBase64 } from '../../base64Decoder';
import { apiError } from '../../errors';
import { gatewayMessage, previewBody, UNUSABLE_ANSWER_FIX } from '../../httpErrors';
import { readJsonAnswer } from '../../jsonAnswer';
import type { JsonPath } from '../../streamingJson';
import type { StreamedAnswer } from '../../transport';
import type { GeneratedImage, ProviderResult } from '../types';

const notBase64 = (label: string, start: string) =>
	apiError(`${label} is not valid base64 (starts with "${start}")`, undefined, UNUSABLE_ANSWER_FIX);

/** Decodes base64 strictly: Buffer.from() would silently skip bad characters. */
export function decodeBase64(text: string, label: string): Buffer {
	const decoder = new Base64Decoder();
	decoder.write(Buffer.from(text, 'utf8'));
	const { bytes, start } = decoder.end();
	if (!bytes) throw notBase64(label, start);
	return bytes;
}

/** `data[i].b64_json`: the strings decoded while they stream in, never held as text. */
const isImageData = (path: JsonPath) =>
	path.length === 3 && path[0] === 'data' && typeof path[1] === 'number' && path[2] === 'b64_json';

function notJson(answer: StreamedAnswer, head: Buffer) {
	const contentType = String(answer.headers['content-type'] ?? 'unknown type');
	return apiError(
		`The gateway answered ${answer.statusCode} but not with JSON (${contentType}): "${previewBody(head)}"`,
		answer.statusCode,
		'A proxy or CDN in front of the gateway may have answered instead. Check the Base URL, or try again later.',
	);
}

function explainNoImage(json: IDataObject, head: Buffer): string {
	const said = gatewayMessage(head);
	const text = typeof json.text === 'string' ? json.text : said.startsWith('{') ? '' : said;
	return text ? ` The gateway said: "${text}"` : '';
}

function readImage(entry: unknown, index: number, count: number): GeneratedImage {
	const label = count > 1 ? `Image ${index + 1} of ${count}` : 'The image';
	const image = (entry ?? {}) as IDataObject;
	const url = typeof image.url === 'string' && image.url ? image.url : undefined;
	const b64 = image.b64_json instanceof DecodedBase64 && image.b64_json.textLength > 0 ? image.b64_json : undefined;
	if (!url && !b64) {
		throw apiError(`${label} in the gateway's answer has neither "url" nor "b64_json"`, undefined, UNUSABLE_ANSWER_FIX);
	}
	if (b64 && !b64.bytes) throw notBase64(`${label}'s b64_json`, b64.start);
	return {
		index,
		url,
		bytes: b64?.bytes,
		revisedPrompt: typeof image.revised_prompt === 'string' ? image.revised_prompt : undefined,
	};
}

/** Reads the `{ created, data: [{ url | b64_json, revised_prompt }], usage }` answer as it streams in. */
export async function parseEditResponse(answer: StreamedAnswer): Promise<ProviderResult> {
	const length = Number(answer.headers['content-length']) || undefined;
	const parsed = await readJsonAnswer(answer.body, (path, offset) =>
		isImageData(path) ? new Base64Decoder(length && length - offset) : undefined,
	);
	const { head } = parsed;
	if (!parsed.isJson || !parsed.value || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
		throw notJson(answer, head);
	}
	const json = parsed.value as IDataObject;
	const data = json.data;
	if (!Array.isArray(data)) {
		throw apiError(
			`The gateway's answer has no "data" list of images.${explainNoImage(json, head)}`,
			answer.statusCode,
			`It answered: ${previewBody(head)}. Check that the Base URL points at an OpenAI-compatible images API (POST /v1/images/edits).`,
		);
	}
	if (data.length === 0) {
		throw apiError(
			`The gateway returned no image; this usually means the prompt or a reference image was blocked by the model's safety filter.${explainNoImage(json, head)}`,
			answer.statusCode,
			'Rephrase the prompt or use other reference images.',
		);
	}
	const metadata: IDataObject = {};
	if (json.created !== undefined) metadata.created = json.created;
	if (json.usage !== undefined) metadata.usage = json.usage;
	return { images: data.map((entry, index) => readImage(entry, index, data.length)), metadata };
}
