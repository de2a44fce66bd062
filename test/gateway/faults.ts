/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * Faults the local gateway can inject, chosen per request by directives in the prompt:
 *   [[fault:NAME]]   which fault (see FAULTS)
 *   [[times:N]]      only the first N attempts of this prompt fail, later ones succeed
 *   [[delay:MS]]     answer after MS milliseconds
 *   [[revised:TEXT]] include revised_prompt TEXT in the answer
 *   [[bytes:N]]      size of the image for faults that serve a large image
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { makeLargePng, makePng } from './png';
import type { ReceivedRequest } from './server';

export interface Directives {
	fault?: string;
	times?: number;
	delayMs?: number;
	revisedPrompt?: string;
	bytes?: number;
}

export function directivesOf(prompt: string): Directives {
	const directives: Directives = {};
	for (const [, key, value] of prompt.matchAll(/\[\[(\w+):([^\]]*)\]\]/g)) {
		if (key === 'fault') directives.fault = value;
		if (key === 'times') directives.times = Number(value);
		if (key === 'delay') directives.delayMs = Number(value);
		if (key === 'revised') directives.revisedPrompt = value;
		if (key === 'bytes') directives.bytes = Number(value);
	}
	return directives;
}

interface FaultContext {
	request: IncomingMessage;
	response: ServerResponse;
	record: ReceivedRequest;
	directives: Directives;
	baseUrl: string;
	files: Map<string, Buffer>;
	apiKey: string;
}

type Fault = (context: FaultContext) => void | Promise<void>;

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
	const text = JSON.stringify(body);
	response.writeHead(status, { 'content-type': 'application/json', ...headers });
	response.end(text);
}

const errorBody = (message: string, type: string) => ({ error: { message, type, param: null, code: null } });

const status =
	(code: number, message: string, headers: Record<string, string> = {}): Fault =>
	({ response }) =>
		json(response, code, errorBody(message, code >= 500 ? 'server_error' : 'invalid_request_error'), headers);

function serveUrl(context: FaultContext, image: Buffer, path = `/files/${randomUUID()}.png`): string {
	context.files.set(path.replace(/^\/files\/|\.png$/g, ''), image);
	return `${context.baseUrl}${path}`;
}

const okPng = () => makePng(8, 8, [10, 200, 30]);

export const FAULTS: Record<string, Fault> = {
	'401': status(401, 'Incorrect API key provided'),
	'403': status(403, 'This key may not use this model'),
	'404': status(404, 'Invalid URL (POST /v1/images/edits)'),
	'408': status(408, 'Request timeout'),
	'413': status(413, 'Request Entity Too Large'),
	'422': status(422, 'Unprocessable: size 99x99 is not supported'),
	'429': status(429, 'Rate limit reached for requests'),
	'429-retry-after': status(429, 'Rate limit reached for requests', { 'retry-after': '1' }),
	'500': status(500, 'Internal server error'),
	'502': status(502, 'Bad gateway: upstream model failed'),
	'503': status(503, 'The model is overloaded, try again later'),
	'504': status(504, 'Upstream timed out'),
	'html-524': ({ response }) => {
		response.writeHead(524, { 'content-type': 'text/html' });
		response.end('<!DOCTYPE html><html><head><title>gateway.example.com | 524: A timeout occurred</title></head><body>Cloudflare</body></html>');
	},
	'echo-auth': ({ response, request }) =>
		json(response, 401, errorBody(`Invalid token: ${request.headers.authorization ?? ''}`, 'authentication_error')),
	'reset-before': ({ request }) => {
		request.socket.destroy();
	},
	'reset-mid-body': ({ response }) => {
		response.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' });
		response.write('{"created":1,"data":[{"b64_json":"iVBORw0KGgo');
		setTimeout(() => response.socket?.destroy(), 20);
	},
	hang: () => undefined,
	truncated: ({ response }) => {
		response.writeHead(200, { 'content-type': 'application/json', 'content-length': '4000' });
		response.end('{"created":1,"data":[{"url":"http://127.0.0.1/x.png"}');
		response.socket?.end();
	},
	'invalid-json': ({ response }) => {
		response.writeHead(200, { 'content-type': 'application/json' });
		response.end('{"created": 1, "data": [ {"url": ');
	},
	'not-json': ({ response }) => {
		response.writeHead(200, { 'content-type': 'text/html' });
		response.end('<html><head><title>Welcome to nginx!</title></head><body>nginx</body></html>');
	},
	'no-data': ({ response }) => json(response, 200, { created: 1, id: 'img-1' }),
	'empty-data': ({ response }) =>
		json(response, 200, { created: 1, data: [], text: 'I cannot generate that image: it violates the content policy.' }),
	'no-url-or-b64': ({ response }) => json(response, 200, { created: 1, data: [{ revised_prompt: 'x' }] }),
	'invalid-base64': ({ response }) => json(response, 200, { created: 1, data: [{ b64_json: '###not base64###' }] }),
	'not-an-image': ({ response }) =>
		json(response, 200, { created: 1, data: [{ b64_json: Buffer.from('%PDF-1.7 fake').toString('base64') }] }),
	'url-404': (context) => json(context.response, 200, { created: 1, data: [{ url: `${context.baseUrl}/files/missing.png` }] }),
	'url-html': (context) => {
		const id = randomUUID();
		context.files.set(`html-${id}`, Buffer.from('<!doctype html><html><body>Expired</body></html>'));
		json(context.response, 200, { created: 1, data: [{ url: `${context.baseUrl}/files/html-${id}.png` }] });
	},
	'url-redirect': (context) => {
		const target = serveUrl(context, okPng());
		const id = randomUUID();
		context.files.set(`redirect-${id}`, Buffer.from(target));
		json(context.response, 200, { created: 1, data: [{ url: `${context.baseUrl}/files/redirect-${id}.png` }] });
	},
	'url-huge': (context) => {
		const image = makeLargePng(context.directives.bytes ?? 3 * 1024 * 1024);
		json(context.response, 200, { created: 1, data: [{ url: serveUrl(context, image) }] });
	},
	'url-file-scheme': ({ response }) => json(response, 200, { created: 1, data: [{ url: 'file:///etc/passwd' }] }),
	'one-broken': ({ response }) =>
		json(response, 200, {
			created: 1,
			data: [{ b64_json: okPng().toString('base64') }, { b64_json: '***' }, { b64_json: okPng().toString('base64') }],
		}),
};

/** Answers with the requested fault if it applies to this attempt; false means answer normally. */
export async function applyFault(
	directives: Directives,
	attempt: number,
	request: IncomingMessage,
	response: ServerResponse,
	record: ReceivedRequest,
	shared: { baseUrl: string; files: Map<string, Buffer>; apiKey: string },
): Promise<boolean> {
	if (!directives.fault) return false;
	if (directives.times !== undefined && attempt > directives.times) return false;
	const fault = FAULTS[directives.fault];
	if (!fault) throw new Error(`unknown fault "${directives.fault}"`);
	record.status = response.statusCode;
	await fault({ request, response, record, directives, ...shared });
	return true;
}
