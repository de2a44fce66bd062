import { describeNonImage, sniffImageType } from '../nodes/NanoBananaEdit/imageType';
import { makeJpeg, makePng, makeWebp } from './gateway/png';

describe('sniffImageType', () => {
	it.each([
		['image/png', makePng(2, 2, [1, 2, 3])],
		['image/jpeg', makeJpeg()],
		['image/webp', makeWebp()],
		['image/gif', Buffer.from('GIF89a\x01\x00\x01\x00')],
		['image/avif', Buffer.from('\x00\x00\x00\x1cftypavif\x00\x00\x00\x00', 'latin1')],
		['image/heic', Buffer.from('\x00\x00\x00\x18ftypheic\x00\x00\x00\x00', 'latin1')],
	])('recognises %s by its bytes', (mimeType, bytes) => {
		expect(sniffImageType(bytes)?.mimeType).toBe(mimeType);
	});

	it.each([
		['a PDF document', Buffer.from('%PDF-1.4')],
		['an HTML page', Buffer.from('<!DOCTYPE html><html>')],
		['an SVG drawing', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg">')],
		['JSON text', Buffer.from('{"a":1}')],
		['plain text', Buffer.from('just words')],
		['an empty file (0 bytes)', Buffer.alloc(0)],
		['a ZIP archive', Buffer.from('PK\x03\x04rest')],
	])('describes %s as not an image', (description, bytes) => {
		expect(sniffImageType(bytes)).toBeUndefined();
		expect(describeNonImage(bytes)).toContain(description);
	});
});
