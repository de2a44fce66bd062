/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/** Starts a local HTTP server on a free port of 127.0.0.1, as the fakes need it, standalone or in tests. */
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalServer {
	url: string;
	close(): Promise<void>;
}

export async function listenLocally(handler: RequestListener): Promise<LocalServer> {
	const server = createServer(handler);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

export async function readBody(request: AsyncIterable<unknown>): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}
