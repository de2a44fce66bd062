import { readImageUrls } from '../nodes/NanoBananaEdit/imageUrls';

const png = 'data:image/png;base64,iVBORw0KGgo=';

describe('"Image URLs"', () => {
	it.each([
		['one URL', 'https://a.example/x.png', ['https://a.example/x.png']],
		['newlines and commas', 'https://a.example/1.png\r\nhttps://a.example/2.png, https://a.example/3.png', ['https://a.example/1.png', 'https://a.example/2.png', 'https://a.example/3.png']],
		['commas inside a URL', 'https://res.example/w_100,h_100/a.jpg,https://b.example/c.png', ['https://res.example/w_100,h_100/a.jpg', 'https://b.example/c.png']],
		['the comma of a data: URL', `${png}, https://b.example/c.png`, [png, 'https://b.example/c.png']],
		['blanks and trailing separators', ' https://a.example/1.png ,\n\n, https://a.example/2.png,\n', ['https://a.example/1.png', 'https://a.example/2.png']],
		['repeats, in order', 'https://a.example/1.png\nhttps://a.example/1.png', ['https://a.example/1.png', 'https://a.example/1.png']],
	])('splits %s', (_label, raw, urls) => {
		expect(readImageUrls(raw)).toEqual(urls);
	});

	it('takes lists from expressions: strings, nested lists and objects with a url', () => {
		expect(readImageUrls(['https://a.example/1.png', [{ url: 'https://a.example/2.png', filename: '2.png' }], ' https://a.example/3.png '])).toEqual([
			'https://a.example/1.png',
			'https://a.example/2.png',
			'https://a.example/3.png',
		]);
		expect(readImageUrls({ url: 'https://a.example/1.png' })).toEqual(['https://a.example/1.png']);
	});

	it('keeps a comma inside a list entry', () => {
		expect(readImageUrls(['https://res.example/w_1,h_1/a.jpg'])).toEqual(['https://res.example/w_1,h_1/a.jpg']);
	});

	it.each([
		[undefined, '"Image URLs" is empty'],
		[[], '"Image URLs" is empty'],
		[[42], '"Image URLs" must hold URLs, but its list holds a number without a "url"'],
		[[null], '"Image URLs" must hold URLs, but its list holds null without a "url"'],
		['https://a.example/1.png\nmailto:x@example.com', 'Image URL 2 "mailto:x@example.com" is not an http(s) URL'],
		['data:image/png,rawbytes', 'The image URL is a data: URL but not a base64 image (it starts with "data:image/png,rawbytes")'],
	])('rejects %j', (raw, message) => {
		expect(() => readImageUrls(raw)).toThrow(message);
	});

	it('does not show the query string or user info of a rejected URL', () => {
		expect(() => readImageUrls('https://user:pass@[bad/x.png?token=secret')).toThrow('The image URL "https://[bad/x.png" is not an http(s) URL');
		expect(() => readImageUrls('ftp://host.example/x.png#token=secret')).toThrow('The image URL "ftp://host.example/x.png" is not an http(s) URL');
	});
});
