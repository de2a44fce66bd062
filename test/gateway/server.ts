/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error */
/**
 * A strict local stand-in for an OpenAI-compatible Nano Banana gateway (POST /v1/images/edits,
 * GET /v1/models), listening on 127.0.0.1. It parses the multipart body as strictly as the Go
 * relays do, checks auth, fields and image bytes, answers with real PNGs, and records every
 * request for assertions. Prompts may carry [[directives]] that inject faults (see faults.ts).
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { applyFault, directivesOf, serveFaultPath, type Directives } from './faults';
import { MultipartError, parseMultipart, type FormPart } from './multipart';
import { makeLargePng, makePng } from './png';

export interface ReceivedFile {
	field: string;
	fileName?: string;
	contentType?: string;
	data: Buffer;
}

export interface ReceivedRequest {
	method: string;
	path: string;
	headers: IncomingMessage['headers'];
	fields: Record<string, string>;
	files: ReceivedFile[];
	/** Images this request was answered with, in order. */
	returned: Buffer[];
	status?: number;
	/** When the request arrived and when its connection closed (answered or dropped), as Date.now(). */
	receivedAt: number;
	closedAt?: number;
}

export interface GatewayOptions {
	apiKey?: string;
	/** Which form field name this gateway reads the reference images from. */
	imageField?: 'image' | 'image[]' | 'either';
	latencyMs?: number;
	maxImages?: number;
	/** Answer with random-pixel PNGs of about this many bytes instead of small ones (benchmarks). */
	imageBytes?: number;
}

export interface Gateway {
	url: string;
	apiKey: string;
	received: ReceivedRequest[];
	/** Edit requests only, in arrival order. */
	edits(): ReceivedRequest[];
	/** Requests in flight right now, and the most ever in flight at once. */
	inFlight(): { now: number; max: number };
	close(): Promise<void>;
}

const SINGLE_FIELDS = ['model', 'prompt', 'response_format', 'size'];
const IMAGE_SIGNATURES: Array<[string, (bytes: Buffer) => boolean]> = [
	['image/png', (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))],
	['image/jpeg', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
	['image/webp', (b) => b.subarray(0, 4).toString() === 'RIFF' && b.subarray(8, 12).toString() === 'WEBP'],
	['image/gif', (b) => b.subarray(0, 3).toString() === 'GIF'],
];

class GatewayError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly type = 'invalid_request_error',
	) {
		super(message);
	}
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body);
	response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
	response.end(text);
}

export function openAiError(message: string, type = 'invalid_request_error', code: string | null = null) {
	return { error: { message, type, param: null, code } };
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

function checkImage(part: FormPart): void {
	if (!part.fileName) throw new GatewayError(400, `image part "${part.name}" has no filename`);
	if (part.data.length === 0) throw new GatewayError(400, `image "${part.fileName}" is empty`);
	const actual = IMAGE_SIGNATURES.find(([, matches]) => matches(part.data))?.[0];
	if (!actual) throw new GatewayError(400, `image "${part.fileName}" is not a supported image`);
	if (part.contentType !== actual) {
		throw new GatewayError(400, `image "${part.fileName}" is ${actual} but was sent as ${part.contentType ?? 'no type'}`);
	}
}

function readForm(parts: FormPart[], options: GatewayOptions): Pick<ReceivedRequest, 'fields' | 'files'> {
	const fields: Record<string, string> = {};
	const files: ReceivedFile[] = [];
	for (const part of parts) {
		if (part.name === 'image' || part.name === 'image[]') {
			checkImage(part);
			files.push({ field: part.name, fileName: part.fileName, contentType: part.contentType, data: part.data });
			continue;
		}
		if (part.fileName !== undefined) throw new GatewayError(400, `unexpected file in field "${part.name}"`);
		if (part.name in fields) throw new GatewayError(400, `field "${part.name}" sent more than once`);
		fields[part.name] = part.data.toString('utf8');
	}
	const imageFields = new Set(files.map((file) => file.field));
	if (imageFields.size > 1) throw new GatewayError(400, 'mixed "image" and "image[]" fields');
	const accepted = options.imageField ?? 'either';
	if (accepted !== 'either' && files.length > 0 && !imageFields.has(accepted)) {
		throw new GatewayError(400, `this gateway reads reference images from "${accepted}" only`);
	}
	for (const name of SINGLE_FIELDS) {
		if (name in fields && fields[name].trim() === '' && name !== 'size') {
			throw new GatewayError(400, `field "${name}" is empty`);
		}
	}
	if (!fields.model) throw new GatewayError(400, 'model is required');
	if (!fields.prompt) throw new GatewayError(400, 'prompt is required');
	if (fields.response_format && !['url', 'b64_json'].includes(fields.response_format)) {
		throw new GatewayError(400, `response_format must be url or b64_json`);
	}
	if (fields.size !== undefined && !/^(\d+x\d+|\d+:\d+|[124]K|auto)$/i.test(fields.size)) {
		throw new GatewayError(400, `invalid size "${fields.size}"`);
	}
	if (files.length > (options.maxImages ?? 16)) throw new GatewayError(400, 'too many images');
	return { fields, files };
}

/** Deterministic output: the colour depends on the prompt and every reference image's bytes. */
export function renderedImage(fields: Record<string, string>, files: ReceivedFile[], index: number): Buffer {
	const hash = createHash('sha256').update(fields.prompt).update(String(index));
	for (const file of files) hash.update(file.data);
	const digest = hash.digest();
	const [width, height] = /^(\d+)x(\d+)$/.exec(fields.size ?? '')?.slice(1).map(Number) ?? [16, 16];
	return makePng(Math.min(width, 64), Math.min(height, 64), [digest[0], digest[1], digest[2]]);
}

/** Large images take a while to make: one per size, reused. */
const largeImages = new Map<number, Buffer>();
function largeImage(bytes: number): Buffer {
	let image = largeImages.get(bytes);
	if (!image) largeImages.set(bytes, (image = makeLargePng(bytes)));
	return image;
}

export async function startGateway(options: GatewayOptions = {}): Promise<Gateway> {
	const apiKey = options.apiKey ?? `sk-test-${randomUUID()}`;
	const received: ReceivedRequest[] = [];
	const files = new Map<string, Buffer>();
	const attemptsByPrompt = new Map<string, number>();
	let inFlight = 0;
	let maxInFlight = 0;
	let baseUrl = '';

	const authorized = (request: IncomingMessage) => request.headers.authorization === `Bearer ${apiKey}`;

	async function handleEdit(request: IncomingMessage, response: ServerResponse, record: ReceivedRequest) {
		const body = await readBody(request);
		if (!authorized(request)) {
			throw new GatewayError(401, 'Incorrect API key provided', 'authentication_error');
		}
		let parts: FormPart[];
		try {
			parts = parseMultipart(body, request.headers['content-type']);
		} catch (error) {
			throw new GatewayError(400, `malformed multipart body: ${(error as MultipartError).message}`);
		}
		Object.assign(record, readForm(parts, options));
		const directives: Directives = directivesOf(record.fields.prompt);
		const attempt = (attemptsByPrompt.get(record.fields.prompt) ?? 0) + 1;
		attemptsByPrompt.set(record.fields.prompt, attempt);
		const latency = directives.delayMs ?? options.latencyMs ?? 0;
		if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
		if (await applyFault(directives, attempt, request, response, record, { baseUrl, files, apiKey })) return;

		const count = Math.min(Number(record.fields.n ?? 1) || 1, 8);
		const format = record.fields.response_format ?? 'url';
		const data = Array.from({ length: count }, (_, index) => {
			const image = options.imageBytes ? largeImage(options.imageBytes) : renderedImage(record.fields, record.files, index);
			record.returned.push(image);
			if (format === 'b64_json') return { b64_json: image.toString('base64'), revised_prompt: directives.revisedPrompt };
			const id = randomUUID();
			files.set(id, image);
			return { url: `${baseUrl}/files/${id}.png`, revised_prompt: directives.revisedPrompt };
		});
		record.status = 200;
		sendJson(response, 200, {
			created: Math.floor(Date.now() / 1000),
			data,
			usage: { total_tokens: 1290 * count, input_tokens: 0, output_tokens: 1290 * count },
		});
	}

	const server: Server = createServer((request, response) => {
		const path = (request.url ?? '/').split('?')[0];
		const record: ReceivedRequest = {
			method: request.method ?? 'GET',
			path,
			headers: request.headers,
			fields: {},
			files: [],
			returned: [],
			receivedAt: Date.now(),
		};
		received.push(record);
		inFlight++;
		maxInFlight = Math.max(maxInFlight, inFlight);
		response.on('close', () => {
			inFlight--;
			record.closedAt = Date.now();
		});

		const route = async () => {
			if (request.method === 'POST' && path === '/v1/images/edits') return await handleEdit(request, response, record);
			if (request.method === 'GET' && path === '/v1/models') {
				if (!authorized(request)) throw new GatewayError(401, 'Incorrect API key provided', 'authentication_error');
				record.status = 200;
				return sendJson(response, 200, {
					object: 'list',
					data: ['nano-banana', 'nano-banana-hd', 'nano-banana-2'].map((id) => ({ id, object: 'model' })),
				});
			}
			if (request.method === 'GET' && serveFaultPath(path, response)) return;
			const file = /^\/files\/([\w-]+)\.png$/.exec(path);
			if (request.method === 'GET' && file && files.has(file[1])) {
				const content = files.get(file[1]) as Buffer;
				if (file[1].startsWith('redirect-')) {
					record.status = 302;
					response.writeHead(302, { location: content.toString() });
					return response.end();
				}
				const type = file[1].startsWith('html-') ? 'text/html' : 'image/png';
				record.status = 200;
				response.writeHead(200, { 'content-type': type, 'content-length': content.length });
				return response.end(content);
			}
			throw new GatewayError(404, `Invalid URL (${request.method} ${path})`);
		};
		route().catch((error: unknown) => {
			const status = error instanceof GatewayError ? error.status : 500;
			const type = error instanceof GatewayError ? error.type : 'server_error';
			record.status = status;
			if (!response.headersSent) sendJson(response, status, openAiError((error as Error).message, type));
			else response.destroy();
		});
	});

	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url: baseUrl,
		apiKey,
		received,
		edits: () => received.filter((entry) => entry.path === '/v1/images/edits'),
		inFlight: () => ({ now: inFlight, max: maxInFlight }),
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
