/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * A local stand-in for the servers reference-image URLs point at (a shop's CDN, Airtable, S3):
 * it serves the files it is given, redirects, 404s what it does not have, and records every
 * request's headers so tests can check that no API key leaves for a third-party host.
 */
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';

import { listenLocally } from './listen';

export interface HostedFile {
	body: Buffer;
	contentType?: string;
	/** Send without Content-Length, in chunks (a streaming origin). */
	chunked?: boolean;
	/** Send the headers and this many bytes, then nothing more (a stalled origin). */
	stallAfter?: number;
	/** Answer with this status instead (e.g. 302 with `location`). */
	status?: number;
	location?: string;
}

export interface HostRequest {
	path: string;
	query: string;
	headers: IncomingHttpHeaders;
}

export interface ImageHost {
	url: string;
	requests: HostRequest[];
	/** Serves `file` at `path` (which may include a query string, ignored when matching). */
	add(path: string, file: HostedFile): string;
	redirect(path: string, location: string): string;
	close(): Promise<void>;
}

const CHUNK = 16 * 1024;

function writeChunked(response: ServerResponse, body: Buffer, offset = 0): void {
	if (response.destroyed) return;
	if (offset >= body.length) return void response.end();
	response.write(body.subarray(offset, offset + CHUNK), () => setImmediate(() => writeChunked(response, body, offset + CHUNK)));
}

function serve(response: ServerResponse, file: HostedFile): void {
	if (file.status) {
		response.writeHead(file.status, file.location ? { location: file.location } : {});
		return void response.end();
	}
	const type = { 'content-type': file.contentType ?? 'application/octet-stream' };
	if (file.chunked) {
		response.writeHead(200, type);
		return writeChunked(response, file.body);
	}
	response.writeHead(200, { ...type, 'content-length': file.body.length });
	if (file.stallAfter !== undefined) return void response.write(file.body.subarray(0, file.stallAfter));
	response.end(file.body);
}

export async function startImageHost(): Promise<ImageHost> {
	const files = new Map<string, HostedFile>();
	const requests: HostRequest[] = [];
	const server = await listenLocally((request, response) => {
		const [path, query = ''] = (request.url ?? '/').split('?');
		requests.push({ path, query, headers: request.headers });
		const file = files.get(path);
		if (file) return serve(response, file);
		response.writeHead(404, { 'content-type': 'text/plain' });
		response.end('Not Found');
	});
	const add = (path: string, file: HostedFile) => {
		files.set(path.split('?')[0], file);
		return `${server.url}${path}`;
	};
	return {
		url: server.url,
		requests,
		add,
		redirect: (path, location) => add(path, { body: Buffer.alloc(0), status: 302, location }),
		close: server.close,
	};
}
