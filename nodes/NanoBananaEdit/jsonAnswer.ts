import type { BinaryStream } from './binaryStream';
import { type SinkChooser, StreamingJsonParser } from './streamingJson';

/** How much of an answer is kept for messages about it. */
const HEAD_BYTES = 64 * 1024;

export type JsonAnswer = { isJson: true; value: unknown; head: Buffer } | { isJson: false; head: Buffer };

/**
 * Parses a JSON answer while it streams in, with the strings `sinkFor` claims decoded on the way
 * (see StreamingJsonParser), and keeps its first bytes for previews and error text. A stream
 * error (a dropped connection) is thrown as it is; an answer that is not JSON is reported as such.
 */
export async function readJsonAnswer(body: BinaryStream, sinkFor: SinkChooser): Promise<JsonAnswer> {
	const parser = new StreamingJsonParser(sinkFor);
	const head: Buffer[] = [];
	let headLength = 0;
	let isJson = true;
	for await (const chunk of body as AsyncIterable<Buffer>) {
		if (headLength < HEAD_BYTES) {
			const kept = Buffer.from(chunk.subarray(0, HEAD_BYTES - headLength));
			head.push(kept);
			headLength += kept.length;
		}
		isJson &&= parser.write(chunk);
		// Past the head, the rest of a broken answer adds nothing to the message.
		if (!isJson && headLength >= HEAD_BYTES) break;
	}
	const value = isJson ? parser.end() : undefined;
	const whole = Buffer.concat(head);
	return parser.failure === undefined ? { isJson: true, value, head: whole } : { isJson: false, head: whole };
}
