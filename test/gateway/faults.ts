/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * Faults the local gateway can inject, chosen per request by directives in the prompt:
 *   [[fault:NAME]]   which fault (see FAULTS)
 *   [[times:N]]      only the first N attempts of this prompt fail, later ones succeed
 *   [[delay:MS]]     answer after MS milliseconds
 *   [[revised:TEXT]] include revised_prompt TEXT in the answer
 *   [[bytes:N]]      size of the image for faults that serve a large image
 *   [[url:URL]]      the image URL answered by `url-given` / redirected to by `url-redirect-to`
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
	url?: string;
}

export function directivesOf(prompt: string): Directives {
	const directives: Directives = {};
	for (const [, key, value] of prompt.matchAll(/\[\[(\w+):([^\]]*)\]\]/g)) {
		if (key === 'fault') directives.fault = value;
		if (key === 'times') directives.times = Number(value);
		if (key === 'delay') directives.delayMs = Number(value);
		if (key === 'revised') directives.revisedPrompt = value;
		if (key === 'bytes') directives.bytes = Number(value);
		if (key === 'url') directives.url = value;
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

const OK_PNG = makePng(8, 8, [10, 200, 30]);
const okPng = () => OK_PNG;

// Random pixels take a while to make; the matrix asks for the same sizes many times at once.
const largePngs = new Map<number, Buffer>();
const largePng = (bytes: number) => largePngs.get(bytes) ?? largePngs.set(bytes, makeLargePng(bytes)).get(bytes) as Buffer;

/** Download answers that need more than a stored file: `/faults/<id>` paths, served by `serveFaultPath`. */
const servedFaults = new Map<string, (response: ServerResponse) => void>();

function serveFault(context: FaultContext, serve: (response: ServerResponse, url: string) => void): string {
	const url = `${context.baseUrl}/faults/${randomUUID()}.png`;
	servedFaults.set(new URL(url).pathname, (response) => serve(response, url));
	return url;
}

/** Answers a `/faults/<id>` download; false when the path is not one. */
export function serveFaultPath(path: string, response: ServerResponse): boolean {
	const serve = servedFaults.get(path);
	if (!serve) return false;
	serve(response);
	return true;
}

/** Writes `bytes` in chunks without Content-Length, stopping quietly when the client hangs up. */
function writeChunked(response: ServerResponse, bytes: Buffer, chunkSize = 64 * 1024): void {
	response.writeHead(200, { 'content-type': 'image/png' });
	let offset = 0;
	const next = () => {
		if (response.destroyed) return;
		if (offset >= bytes.length) return void response.end();
		response.write(bytes.subarray(offset, (offset += chunkSize)), () => setImmediate(next));
	};
	next();
}

const answerUrl = (context: FaultContext, url: string, returned?: Buffer) => {
	if (returned) context.record.returned.push(returned);
	json(context.response, 200, { created: 1, data: [{ url }] });
};

/** An image URL whose server sends the headers and the first `sent` bytes, then does `then` (nothing: it stalls). */
const partialDownload =
	(sent: number, then: (response: ServerResponse) => void = () => undefined): Fault =>
	(context) => {
		const image = largePng(256 * 1024);
		answerUrl(
			context,
			serveFault(context, (response) => {
				response.writeHead(200, { 'content-type': 'image/png', 'content-length': image.length });
				response.write(image.subarray(0, sent), () => then(response));
			}),
		);
	};

const headerDump = (request: IncomingMessage) => JSON.stringify(request.headers);

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
	'stall-mid-body': ({ response }) => {
		response.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' });
		response.write('{"created":1,"data":[{"b64_json":"iVBORw0KGgo');
	},
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
		const image = okPng();
		const target = serveUrl(context, image);
		const id = randomUUID();
		context.files.set(`redirect-${id}`, Buffer.from(target));
		answerUrl(context, `${context.baseUrl}/files/redirect-${id}.png`, image);
	},
	'url-huge': (context) => {
		const image = largePng(context.directives.bytes ?? 3 * 1024 * 1024);
		json(context.response, 200, { created: 1, data: [{ url: serveUrl(context, image) }] });
	},
	'url-redirect-loop': (context) =>
		answerUrl(
			context,
			serveFault(context, (response, url) => {
				response.writeHead(302, { location: url });
				response.end();
			}),
		),
	'url-redirect-to': (context) =>
		answerUrl(
			context,
			serveFault(context, (response) => {
				response.writeHead(302, { location: context.directives.url ?? '/' });
				response.end();
			}),
		),
	'url-huge-chunked': (context) => {
		const image = largePng(context.directives.bytes ?? 3 * 1024 * 1024);
		answerUrl(context, serveFault(context, (response) => writeChunked(response, image)));
	},
	'url-stall': partialDownload(1024),
	'url-reset-mid-body': partialDownload(64 * 1024, (response) => setTimeout(() => response.socket?.destroy(), 20)),
	'url-no-answer': (context) => answerUrl(context, serveFault(context, () => undefined)),
	'url-given': (context) => answerUrl(context, context.directives.url ?? ''),
	'url-file-scheme': ({ response }) => json(response, 200, { created: 1, data: [{ url: 'file:///etc/passwd' }] }),
	'url-ftp-scheme': ({ response }) => json(response, 200, { created: 1, data: [{ url: 'ftp://127.0.0.1/image.png' }] }),
	'url-data-image': (context) => {
		const image = okPng();
		answerUrl(context, `data:image/png;base64,${image.toString('base64')}`, image);
	},
	'url-data-html': (context) =>
		answerUrl(context, `data:text/html;base64,${Buffer.from('<script>alert(1)</script>').toString('base64')}`),
	'url-data-not-base64': (context) => answerUrl(context, 'data:image/png;base64,@@@not-base64@@@'),
	'echo-auth-500': ({ response, request }) =>
		json(response, 500, errorBody(`upstream failed; request headers were ${headerDump(request)}`, 'server_error')),
	'echo-auth-html': ({ response, request }) => {
		response.writeHead(502, { 'content-type': 'text/html' });
		response.end(`<html><head><title>502 for ${request.headers.authorization ?? ''}</title></head><body>${headerDump(request)}</body></html>`);
	},
	'echo-auth-blocked': ({ response, apiKey }) =>
		json(response, 200, { created: 1, data: [], text: `Refused: key ${apiKey} has no image quota` }),
	'echo-auth-url': (context) => {
		const image = okPng();
		answerUrl(context, `${serveUrl(context, image)}?api_key=${context.apiKey}`, image);
	},
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
