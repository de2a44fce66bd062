import type { IExecuteFunctions } from 'n8n-workflow';

/** The Node.js Readable n8n's binary helpers hand out (typed without importing node:stream). */
export type BinaryStream = Awaited<ReturnType<IExecuteFunctions['helpers']['getBinaryStream']>>;

/** Image bytes held either in memory or as a stream from n8n's binary storage or the network. */
export type ImageContent = Buffer | BinaryStream;

/**
 * Reads up to `bytes` from the start of a stream and puts them back, so the stream can still be
 * consumed from the beginning. Returns the whole content as a Buffer when the stream is shorter.
 */
export async function peekStream(
	stream: BinaryStream,
	bytes: number,
): Promise<{ head: Buffer; content: ImageContent }> {
	return await new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let length = 0;
		const cleanup = () => {
			stream.off('readable', onReadable);
			stream.off('end', onEnd);
			stream.off('error', onError);
		};
		const onReadable = () => {
			let chunk: Buffer | null;
			while ((chunk = stream.read() as Buffer | null) !== null) {
				chunks.push(chunk);
				length += chunk.length;
				if (length >= bytes) {
					cleanup();
					const head = Buffer.concat(chunks);
					stream.unshift(head);
					resolve({ head: head.subarray(0, bytes), content: stream });
					return;
				}
			}
		};
		const onEnd = () => {
			cleanup();
			const whole = Buffer.concat(chunks);
			resolve({ head: whole.subarray(0, bytes), content: whole });
		};
		const onError = (error: Error) => {
			cleanup();
			reject(error);
		};
		stream.on('readable', onReadable);
		stream.on('end', onEnd);
		stream.on('error', onError);
	});
}

/**
 * Fails the stream once more than `maxBytes` pass through it. The stream is paused first so the
 * counting listener does not start the flow before the real consumer is attached; a consumer
 * that only listens to 'data' (n8n's streamToBuffer, used for inline, database and S3 binary
 * storage) would not resume a paused stream, so attaching one resumes it.
 */
export function limitStreamSize(stream: BinaryStream, maxBytes: number, tooLarge: () => Error): void {
	let seen = 0;
	stream.pause();
	stream.on('data', (chunk: Buffer) => {
		seen += chunk.length;
		if (seen > maxBytes) stream.destroy(tooLarge());
	});
	const resumeForConsumer = (event: string | symbol) => {
		if (event !== 'data') return;
		stream.off('newListener', resumeForConsumer);
		queueMicrotask(() => stream.resume());
	};
	stream.on('newListener', resumeForConsumer);
}

/** Reads a stream to its end or until `maxBytes`, whichever comes first. */
export async function readAtMost(stream: BinaryStream, maxBytes: number): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let length = 0;
	for await (const chunk of stream as AsyncIterable<Buffer>) {
		chunks.push(chunk);
		length += chunk.length;
		if (length >= maxBytes) break;
	}
	return Buffer.concat(chunks).subarray(0, maxBytes);
}

/**
 * Waits until a stream holds its first chunk, so a consumer that starts later does not wait for
 * that read (a file read can queue behind other file operations). Nothing is consumed.
 */
export async function prefetch(content: ImageContent): Promise<void> {
	if (!Buffer.isBuffer(content)) await peekStream(content, 1);
}
