import type { BinaryStream } from './binaryStream';

interface ReadableOptions {
	read(): void;
	destroy(error: Error | null, done: (error: Error | null) => void): void;
}

type ReadableClass = new (options: ReadableOptions) => BinaryStream;

export interface RelayOptions {
	/** Fail the relay with `idleError()` once the source sends nothing for this long while read from. */
	idleMs?: number;
	idleError?: () => Error;
}

/** stream.Readable, found through a stream's prototype chain: community nodes may not import node:stream. */
function readableClassOf(stream: BinaryStream): ReadableClass | undefined {
	let prototype = Object.getPrototypeOf(stream) as { constructor: ReadableClass & { name: string } } | null;
	while (prototype && prototype.constructor.name !== 'Readable') prototype = Object.getPrototypeOf(prototype);
	return prototype?.constructor;
}

/**
 * A stream relaying `source` that can be failed at once. Destroying the body stream axios hands
 * out waits for the next chunk from the network, which a stalled server never sends, and n8n
 * replaces the abort signal of authenticated requests, so the request cannot be aborted either.
 * Failing the relay reaches its consumer immediately; the source is left to close on its own.
 */
export function relayStream(source: BinaryStream, options: RelayOptions = {}): BinaryStream {
	const Readable = readableClassOf(source);
	if (!Readable) return source;
	// The idle clock runs only while the consumer waits for data, so a slow consumer is not taken
	// for a stalled source; one timer at a time, re-armed for what is left when data came meanwhile.
	let waitingSince: number | undefined;
	let armed = false;
	const checkIdle = () => {
		armed = false;
		if (waitingSince === undefined || !options.idleMs) return;
		const left = options.idleMs - (Date.now() - waitingSince);
		if (left > 0) return armIdleTimer(left);
		relay.destroy(options.idleError?.() ?? new Error(`no data for ${options.idleMs} ms`));
	};
	const armIdleTimer = (ms: number) => {
		armed = true;
		AbortSignal.timeout(ms).addEventListener('abort', checkIdle, { once: true });
	};
	const startWaiting = () => {
		waitingSince ??= Date.now();
		if (options.idleMs && !armed) armIdleTimer(options.idleMs);
	};
	const relay = new Readable({
		read: () => {
			startWaiting();
			source.resume();
		},
		destroy: (error, done) => {
			waitingSince = undefined;
			source.off('data', onData);
			source.destroy();
			if (!error || relay.listenerCount('error') > 0) return done(error);
			// Failing between two consumers (after the type sniffing, before n8n's binary storage
			// attaches) must reach the next consumer, not become an uncaught exception.
			const deliver = (event: string | symbol) => {
				if (event !== 'error') return;
				relay.off('newListener', deliver);
				queueMicrotask(() => done(error));
			};
			relay.on('newListener', deliver);
		},
	});
	const onData = (chunk: Buffer) => {
		waitingSince = undefined;
		if (relay.push(chunk)) startWaiting();
		else source.pause();
	};
	source.pause();
	source.on('data', onData);
	source.once('end', () => {
		waitingSince = undefined;
		relay.push(null);
	});
	// Stays attached after the relay is gone, so a late error of the source is never unhandled.
	source.on('error', (error: Error) => relay.destroy(error));
	return relay;
}
