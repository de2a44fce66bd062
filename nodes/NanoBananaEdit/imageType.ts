export interface ImageType {
	mimeType: string;
	extension: string;
}

/** Bytes needed to recognise every format below. */
export const SNIFF_BYTES = 32;

function startsWith(bytes: Uint8Array, signature: number[], offset = 0): boolean {
	return signature.every((byte, index) => bytes[offset + index] === byte);
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
	return String.fromCharCode(...bytes.subarray(start, end));
}

/** Recognises the raster formats image models accept, from their first bytes. */
export function sniffImageType(bytes: Uint8Array): ImageType | undefined {
	if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
		return { mimeType: 'image/png', extension: 'png' };
	}
	if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { mimeType: 'image/jpeg', extension: 'jpg' };
	if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') {
		return { mimeType: 'image/gif', extension: 'gif' };
	}
	if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') {
		return { mimeType: 'image/webp', extension: 'webp' };
	}
	if (ascii(bytes, 0, 2) === 'BM' && bytes.length >= 14) return { mimeType: 'image/bmp', extension: 'bmp' };
	if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) {
		return { mimeType: 'image/tiff', extension: 'tiff' };
	}
	if (ascii(bytes, 4, 8) === 'ftyp') {
		const brand = ascii(bytes, 8, 12);
		if (brand === 'avif' || brand === 'avis') return { mimeType: 'image/avif', extension: 'avif' };
		if (['heic', 'heix', 'hevc', 'hevx', 'mif1', 'msf1'].includes(brand)) {
			return { mimeType: 'image/heic', extension: 'heic' };
		}
	}
	return undefined;
}

/** A short human name for bytes that are not an image, for error messages. */
export function describeNonImage(bytes: Uint8Array, labelledMimeType?: string): string {
	if (bytes.length === 0) return 'an empty file (0 bytes)';
	if (ascii(bytes, 0, 5) === '%PDF-') return 'a PDF document';
	if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'a ZIP archive (or Office document)';
	const text = ascii(bytes, 0, Math.min(bytes.length, SNIFF_BYTES)).trimStart().toLowerCase();
	if (text.startsWith('<svg') || (text.startsWith('<?xml') && labelledMimeType === 'image/svg+xml')) {
		return 'an SVG drawing (vector images are not accepted; convert it to PNG)';
	}
	if (text.startsWith('<!doctype html') || text.startsWith('<html')) return 'an HTML page';
	if (text.startsWith('{') || text.startsWith('[')) return 'JSON text';
	const printable = [...bytes].every((byte) => byte === 9 || byte === 10 || byte === 13 || byte >= 32);
	if (printable) return 'plain text';
	return labelledMimeType ? `a file of type ${labelledMimeType}` : 'a file of unknown type';
}
