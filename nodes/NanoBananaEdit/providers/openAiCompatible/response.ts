import type { IDataObject } from 'n8n-workflow';

import { apiError } from '../../errors';
import { gatewayMessage, previewBody } from '../../httpErrors';
import type { HttpResponse } from '../../transport';
import type { GeneratedImage, ProviderResult } from '../types';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const BASE64_URL = /^[A-Za-z0-9_-]*={0,2}$/;

/** Decodes base64 strictly: Buffer.from() would silently skip bad characters. */
export function decodeBase64(text: string, label: string): Buffer {
	const payload = text.replace(/^data:[^,]*;base64,/i, '').replace(/\s+/g, '');
	const valid = payload.length > 0 && payload.length % 4 !== 1 && (BASE64.test(payload) || BASE64_URL.test(payload));
	if (!valid) throw apiError(`${label} is not valid base64 (starts with "${payload.slice(0, 24)}")`);
	return Buffer.from(payload, payload.includes('-') || payload.includes('_') ? 'base64url' : 'base64');
}

function parseJson(response: HttpResponse): IDataObject {
	try {
		const json = JSON.parse(response.body.toString('utf8')) as unknown;
		if (json && typeof json === 'object' && !Array.isArray(json)) return json as IDataObject;
	} catch {
		// reported below with a preview of what came back
	}
	const contentType = String(response.headers['content-type'] ?? 'unknown type');
	throw apiError(
		`The gateway answered ${response.statusCode} but not with JSON (${contentType}): "${previewBody(response.body)}"`,
		response.statusCode,
		'A proxy or CDN in front of the gateway may have answered instead. Check the Base URL, or try again later.',
	);
}

function explainNoImage(json: IDataObject, response: HttpResponse): string {
	const said = gatewayMessage(response.body);
	const text = typeof json.text === 'string' ? json.text : said.startsWith('{') ? '' : said;
	return text ? ` The gateway said: "${text}"` : '';
}

function readImage(entry: unknown, index: number, count: number): GeneratedImage {
	const label = count > 1 ? `Image ${index + 1} of ${count}` : 'The image';
	const image = (entry ?? {}) as IDataObject;
	const url = typeof image.url === 'string' && image.url ? image.url : undefined;
	const b64 = typeof image.b64_json === 'string' && image.b64_json ? image.b64_json : undefined;
	if (!url && !b64) {
		throw apiError(`${label} in the gateway's answer has neither "url" nor "b64_json"`);
	}
	return {
		index,
		url,
		bytes: b64 ? decodeBase64(b64, `${label}'s b64_json`) : undefined,
		revisedPrompt: typeof image.revised_prompt === 'string' ? image.revised_prompt : undefined,
	};
}

/** Reads the `{ created, data: [{ url | b64_json, revised_prompt }], usage }` answer. */
export function parseEditResponse(response: HttpResponse): ProviderResult {
	const json = parseJson(response);
	const data = json.data;
	if (!Array.isArray(data)) {
		throw apiError(
			`The gateway's answer has no "data" list of images.${explainNoImage(json, response)}`,
			response.statusCode,
			`It answered: ${previewBody(response.body)}`,
		);
	}
	if (data.length === 0) {
		throw apiError(
			`The gateway returned no image; this usually means the prompt or a reference image was blocked by the model's safety filter.${explainNoImage(json, response)}`,
			response.statusCode,
			'Rephrase the prompt or use other reference images.',
		);
	}
	const metadata: IDataObject = {};
	if (json.created !== undefined) metadata.created = json.created;
	if (json.usage !== undefined) metadata.usage = json.usage;
	return { images: data.map((entry, index) => readImage(entry, index, data.length)), metadata };
}
