import fc from 'fast-check';

import { Base64Decoder } from '../nodes/NanoBananaEdit/base64Decoder';
import { decodeBase64 } from '../nodes/NanoBananaEdit/providers/openAiCompatible/response';
import { splitAt } from './harness/chunks';

function decodeInChunks(text: string, cuts: number[]) {
	const decoder = new Base64Decoder();
	for (const piece of splitAt(Buffer.from(text, 'latin1'), cuts)) decoder.write(piece);
	return decoder.end();
}

/** The rules the node had before decoding streamed in, applied to the whole text at once. */
function wholeTextVerdict(text: string): Buffer | undefined {
	const payload = text.replace(/^data:[^,]*;base64,/i, '').replace(/\s+/g, '');
	const valid =
		payload.length > 0 &&
		payload.length % 4 !== 1 &&
		(/^[A-Za-z0-9+/]*={0,2}$/.test(payload) || /^[A-Za-z0-9_-]*={0,2}$/.test(payload));
	return valid ? Buffer.from(payload, 'base64') : undefined;
}

const cuts = fc.array(fc.nat(), { maxLength: 10 });

/** Base64 text of `bytes` in the shapes gateways send. */
const encoded = fc
	.record({
		bytes: fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
		urlSafe: fc.boolean(),
		padded: fc.boolean(),
		prefix: fc.constantFrom('', 'data:image/png;base64,', 'DATA:image/webp;base64,'),
		lineLength: fc.constantFrom(0, 60, 76),
	})
	.map(({ bytes, urlSafe, padded, prefix, lineLength }) => {
		let text = bytes.toString(urlSafe ? 'base64url' : 'base64');
		if (urlSafe && padded) text += '='.repeat((4 - (text.length % 4)) % 4);
		if (!urlSafe && !padded) text = text.replace(/=+$/, '');
		if (lineLength) text = text.replace(new RegExp(`(.{${lineLength}})`, 'g'), '$1\r\n');
		return { bytes, text: prefix + text };
	});

describe('Base64Decoder', () => {
	it('decodes what gateways send, however the text is split', () => {
		fc.assert(
			fc.property(encoded, cuts, ({ bytes, text }, at) => {
				const decoded = decodeInChunks(text, at);
				if (bytes.length === 0) expect(decoded.bytes).toBeUndefined();
				else expect(decoded.bytes?.equals(bytes)).toBe(true);
				expect(decoded.textLength).toBe(text.length);
			}),
		);
	});

	it('accepts and rejects exactly what the whole-text check did', () => {
		const alphabet = fc.constantFrom(...'AQgw09+/-_= \n#.:,'.split(''), 'data:', 'data:x;base64,', 'ab', 'Zm9v');
		const texts = fc.array(alphabet, { maxLength: 40 }).map((parts) => parts.join(''));
		fc.assert(
			fc.property(texts, cuts, (text, at) => {
				const expected = wholeTextVerdict(text);
				const { bytes } = decodeInChunks(text, at);
				expect(bytes === undefined).toBe(expected === undefined);
				if (expected) expect(bytes?.equals(expected)).toBe(true);
			}),
		);
	});

	it('decodes while the text is still arriving', () => {
		const image = Buffer.alloc(3 * 1024 * 1024, 7);
		const text = Buffer.from(image.toString('base64'), 'latin1');
		const decoder = new Base64Decoder();
		decoder.write(text.subarray(0, text.length / 2));
		expect(decoder.decodedBytes).toBeGreaterThanOrEqual(image.length / 2 - 3);
		decoder.write(text.subarray(text.length / 2));
		expect(decoder.end().bytes?.equals(image)).toBe(true);
	});

	it('names the start of text that is not base64', () => {
		expect(() => decodeBase64('data:image/png;base64, ###not base64###', 'The data: URL')).toThrow(
			'The data: URL is not valid base64 (starts with "###notbase64###")',
		);
	});
});
