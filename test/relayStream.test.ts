/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
import { once } from 'node:events';
import { Readable } from 'node:stream';

import { relayStream } from '../nodes/NanoBananaEdit/relayStream';

/** A source like axios's body over a stalled socket: it sends `chunks`, then nothing, and destroying it never completes. */
function stalledSource(chunks: string[]): Readable {
	const source = new Readable({ read() {}, destroy() {} });
	for (const chunk of chunks) source.push(Buffer.from(chunk));
	return source;
}

async function collect(stream: Readable): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString();
}

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

describe('relayStream', () => {
	it('relays every byte in order, then ends', async () => {
		expect(await collect(relayStream(Readable.from([Buffer.from('ab'), Buffer.from('cd')], { objectMode: false })))).toBe('abcd');
	});

	it('fails its consumer at once, although the source never finishes closing', async () => {
		const relay = relayStream(stalledSource(['partial']));
		const reading = collect(relay);
		await sleep(20);
		relay.destroy(new Error('gave up'));
		await expect(reading).rejects.toThrow('gave up');
	});

	it('keeps an error raised while nobody listens for the next consumer', async () => {
		const relay = relayStream(stalledSource([]));
		relay.destroy(new Error('dropped between consumers'));
		await sleep(20);
		const [error] = (await once(relay, 'error')) as [Error];
		expect(error.message).toBe('dropped between consumers');
	});

	it('passes on an error of the source', async () => {
		const source = stalledSource(['x']);
		const relay = relayStream(source);
		const reading = collect(relay);
		source.emit('error', new Error('aborted'));
		await expect(reading).rejects.toThrow('aborted');
	});

	it('fails a source that goes quiet while its consumer waits', async () => {
		const started = Date.now();
		const relay = relayStream(stalledSource(['a', 'b']), { idleMs: 100, idleError: () => new Error('stalled') });
		await expect(collect(relay)).rejects.toThrow('stalled');
		expect(Date.now() - started).toBeLessThan(1000);
	});

	it('does not take a slow consumer for a stalled source', async () => {
		const source = new Readable({ read() {} });
		for (let index = 0; index < 8; index++) source.push(Buffer.alloc(32 * 1024, index));
		source.push(null);
		const relay = relayStream(source, { idleMs: 30, idleError: () => new Error('stalled') });
		let length = 0;
		for await (const chunk of relay) {
			length += (chunk as Buffer).length;
			await sleep(50);
		}
		expect(length).toBe(8 * 32 * 1024);
	});
});
