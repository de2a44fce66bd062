import type { BinaryStream } from '../../binaryStream';
import type { OutgoingImage } from '../types';

/**
 * A File whose bytes come from a stream, so large images go from n8n's binary storage to the
 * socket without being held in memory. The multipart encoder only reads `size`, `type`, `name`
 * and `stream()`.
 */
class StreamedFile extends File {
	constructor(
		private readonly source: BinaryStream,
		name: string,
		type: string,
		byteLength: number,
	) {
		super([], name, { type });
		// Blob's own `size` is an accessor reporting the (empty) in-memory parts.
		Object.defineProperty(this, 'size', { value: byteLength });
	}

	override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
		return this.source as unknown as ReadableStream<Uint8Array<ArrayBuffer>>;
	}
}

export function toFormFile(image: OutgoingImage): File {
	if (Buffer.isBuffer(image.content)) {
		return new File([image.content], image.fileName, { type: image.mimeType });
	}
	return new StreamedFile(image.content, image.fileName, image.mimeType, image.byteLength);
}
