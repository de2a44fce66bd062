import FormDataPackage from 'form-data';

import { makePng } from './gateway/png';
import { MultipartError, parseMultipart, parseParameters } from './gateway/multipart';

const image = makePng(2, 2, [200, 10, 10]);
const quotedName = 'holiday "best" shot.png';

/** What Node's global FormData (the node's runtime encoder) puts on the wire. */
async function encodeNative(form: FormData): Promise<{ body: Buffer; contentType: string }> {
	const request = new Request('http://127.0.0.1/', { method: 'POST', body: form });
	return { body: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get('content-type') ?? '' };
}

describe('the local gateway parses multipart as strictly as the Go relays', () => {
	it('accepts what Node\'s FormData sends, quoting file names the way browsers do', async () => {
		const form = new FormData();
		form.append('model', 'nano-banana');
		form.append('image', new File([image], quotedName, { type: 'image/png' }));
		const { body, contentType } = await encodeNative(form);
		const parts = parseMultipart(body, contentType);
		expect(parts.map((part) => part.name)).toEqual(['model', 'image']);
		expect(parts[1].fileName).toBe('holiday %22best%22 shot.png');
		expect(parts[1].data.equals(image)).toBe(true);
	});

	it('rejects a raw quote inside a quoted file name', () => {
		const boundary = 'b0undary';
		const body = Buffer.concat([
			Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="${quotedName}"\r\n`),
			Buffer.from('Content-Type: image/png\r\n\r\n'),
			image,
			Buffer.from(`\r\n--${boundary}--\r\n`),
		]);
		expect(() => parseMultipart(body, `multipart/form-data; boundary=${boundary}`)).toThrow(MultipartError);
	});

	it('accepts what the form-data package sends', () => {
		const form = new FormDataPackage();
		form.append('image', image, { filename: quotedName, contentType: 'image/png' });
		const [part] = parseMultipart(form.getBuffer(), form.getHeaders()['content-type'] as string);
		expect(part).toMatchObject({ name: 'image', fileName: 'holiday %22best%22 shot.png', contentType: 'image/png' });
		expect(part.data.equals(image)).toBe(true);
	});

	it('rejects a body cut off before its closing boundary', async () => {
		const form = new FormData();
		form.append('prompt', 'a cat');
		const { body, contentType } = await encodeNative(form);
		expect(() => parseMultipart(body.subarray(0, body.length - 10), contentType)).toThrow(/closing boundary/);
	});

	it.each([
		['a repeated parameter', '; name="a"; name="b"', /duplicate parameter/],
		['an unquoted value with a space', '; filename=my photo.png', /not a token/],
		['an unterminated quote', '; name="a', /unterminated/],
	])('rejects %s in Content-Disposition', (_case, parameters, message) => {
		expect(() => parseParameters(parameters)).toThrow(message);
	});

	it('requires a multipart content type with a boundary', () => {
		expect(() => parseMultipart(Buffer.from('x'), 'application/json')).toThrow(/multipart\/form-data/);
		expect(() => parseMultipart(Buffer.from('x'), 'multipart/form-data')).toThrow(/boundary/);
	});
});
