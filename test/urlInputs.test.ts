import { sleep, type NodeApiError, type NodeOperationError } from 'n8n-workflow';

import { startGoogleFake, type GoogleFake } from './gateway/google';
import { startImageHost, type ImageHost } from './gateway/imageHost';
import { makeJpeg, makeLargePng, makePng, makeWebp } from './gateway/png';
import { startGateway, type Gateway } from './gateway/server';
import { binaryBuffer, runNode, type RunOptions } from './harness/engine';
import { gatewayRun } from './harness/fixtures';
import { googleRun } from './harness/google';

let gateway: Gateway;
let host: ImageHost;
let google: GoogleFake;
beforeAll(async () => {
	[gateway, host, google] = await Promise.all([startGateway(), startImageHost(), startGoogleFake()]);
});
afterAll(async () => await Promise.all([gateway.close(), host.close(), google.close()]));

const product = makePng(6, 4, [200, 40, 40]);
const dataUrl = (bytes: Buffer, type = 'image/webp') => `data:${type};base64,${bytes.toString('base64')}`;
let served = 0;
/** A fresh path on the image host for `body`, so that tests do not share files. */
const hosted = (name: string, body: Buffer, extra: Partial<Parameters<ImageHost['add']>[1]> = {}) =>
	host.add(`/files/${++served}/${name}`, { body, contentType: 'image/png', ...extra });

async function urlRun(imageUrls: unknown, parameters: Record<string, unknown> = {}, rest: Partial<RunOptions> = {}) {
	const before = gateway.edits().length;
	const hostBefore = host.requests.length;
	const result = await runNode(
		gatewayRun(gateway, { inputImages: 'urls', imageUrls, options: { maxRetries: 0 }, ...parameters } as never, rest),
	);
	expect(JSON.stringify(result)).not.toContain(gateway.apiKey);
	return { result, edits: gateway.edits().slice(before), fetched: host.requests.slice(hostBefore) };
}

async function urlFailure(imageUrls: unknown, parameters: Record<string, unknown> = {}) {
	const outcome = await urlRun(imageUrls, parameters);
	expect(outcome.result.error).toBeDefined();
	return { ...outcome, error: outcome.result.error as NodeApiError | NodeOperationError };
}

describe('reference images from URLs', () => {
	it.each(['filesystem', 'inline'] as const)(
		'sends them in order, typed by their bytes, fetched without the API key (%s binaries)',
		async (binaryMode) => {
			const jpeg = makeJpeg('shot');
			const webp = makeWebp('reference');
			const first = hosted('product.png', product);
			const second = hosted('w_100,h_100/shot.jpeg?token=abc', jpeg, { contentType: 'application/octet-stream' });
			const { result, edits, fetched } = await urlRun(`${first}\n${second}, ${dataUrl(webp)}`, {}, { binaryMode });
			expect(result.error).toBeUndefined();
			expect(edits[0].files.map((file) => [file.fileName, file.contentType])).toEqual([
				['product.png', 'image/png'],
				['shot.jpg', 'image/jpeg'],
				['image-3.webp', 'image/webp'],
			]);
			expect(edits[0].files.map((file) => file.data)).toEqual([product, jpeg, webp]);
			expect(fetched.map((request) => request.query)).toEqual(['', 'token=abc']);
			for (const request of fetched) {
				expect(request.headers.authorization).toBeUndefined();
				expect(JSON.stringify(request.headers)).not.toContain(gateway.apiKey);
			}
			expect(result.items[0].binary?.data.fileName).toBe('product-edited.png');
		},
	);

	it('streams a large image from the URL to the gateway, and sends it again on a retry', async () => {
		const large = makeLargePng(600 * 1024, 3);
		const url = hosted('large.png', large, { chunked: true });
		const { result, edits, fetched } = await urlRun(url, { prompt: 'Retry me [[fault:503]][[times:1]]', options: { maxRetries: 1 } });
		expect(result.error).toBeUndefined();
		expect(edits).toHaveLength(2);
		for (const edit of edits) expect(edit.files[0].data.equals(large)).toBe(true);
		expect(fetched).toHaveLength(1);
	});

	it('follows a redirect', async () => {
		const target = hosted('target.png', product);
		const { result, edits } = await urlRun(host.redirect(`/go/${++served}`, target));
		expect(result.error).toBeUndefined();
		expect(edits[0].files[0].data.equals(product)).toBe(true);
	});

	it('takes a list from an expression, including attachment objects with a url', async () => {
		const first = hosted('a.png', makePng(2, 2, [1, 1, 1]));
		const second = hosted('b.png', makePng(2, 2, [2, 2, 2]));
		const { result, edits } = await urlRun('={{ $json.images }}', {}, { items: [{ json: { images: [{ url: first, filename: 'a.png' }, second] } }] });
		expect(result.error).toBeUndefined();
		expect(edits[0].files.map((file) => file.fileName)).toEqual(['a.png', 'b.png']);
	});

	it('names each image after its URL, made safe as a file name', async () => {
		const { result, edits } = await urlRun(hosted('my%2Fphoto%20one.jpeg?v=3', makeJpeg('named')));
		expect(result.error).toBeUndefined();
		expect(edits[0].files[0].fileName).toBe('my_photo one.jpg');
		expect(result.items[0].binary?.data.fileName).toBe('my_photo one-edited.png');
	});

	it('sends them to Google as inline data', async () => {
		const jpeg = makeJpeg('for google');
		const before = google.generations().length;
		const result = await runNode(
			googleRun(google, { inputImages: 'urls', imageUrls: `${hosted('p.png', product)}, ${hosted('j.jpg', jpeg)}` }),
		);
		expect(result.error).toBeUndefined();
		const [request] = google.generations().slice(before);
		expect(request.generation?.images).toEqual([
			{ mimeType: 'image/png', data: product },
			{ mimeType: 'image/jpeg', data: jpeg },
		]);
		expect((await binaryBuffer(result.items[0].binary!.data)).equals(request.returned[0])).toBe(true);
	});
});

describe('a URL that fails', () => {
	it('names the item and the URL without its query string on a 404', async () => {
		const good = hosted('good.png', product);
		const { error, edits } = await urlFailure(`${good}\n${host.url}/missing.png?signature=secret-token`);
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toBe(`Item 0: Image URL 2 of 2: Downloading the image from ${host.url}/missing.png failed (404)`);
		expect(`${error.message} ${error.description}`).not.toContain('secret-token');
		expect(error.description).toContain('Check that the URL is public');
		expect(edits).toHaveLength(0);
	});

	it('says what an HTML page is', async () => {
		const page = hosted('page.png', Buffer.from('<!DOCTYPE html><html><body>Product page</body></html>'), { contentType: 'text/html' });
		const { error } = await urlFailure(page);
		expect(error.message).toBe(`Item 0: The image URL ${page} did not return an image: it returned an HTML page`);
	});

	it.each([
		['declared by Content-Length', {}],
		['streamed without Content-Length', { chunked: true }],
	])('refuses an image over "Max Download Size" (%s)', async (_label, extra) => {
		const url = hosted('huge.png', makeLargePng(1536 * 1024, 5), extra);
		const { error, edits } = await urlFailure(url, { options: { maxRetries: 0, maxDownloadMb: 1 } });
		expect(error.message).toBe(`Item 0: The image at ${url} is larger than the 1.0 MB limit`);
		expect(edits).toHaveLength(0);
	});

	it('gives up on a server that stops sending', async () => {
		const url = hosted('stall.png', makeLargePng(256 * 1024, 7), { stallAfter: 1024 });
		const { error } = await urlFailure(url, { options: { maxRetries: 0, timeout: 1 } });
		expect(error.message).toMatch(/^Item 0: Downloading the image from http:\/\/127\.0\.0\.1:\d+\/files\/\d+\/stall\.png (did not finish within 1 s|broke off)/);
	});

	it('fetches the URLs of several items side by side, up to the concurrency', async () => {
		const items = Array.from({ length: 4 }, (_, index) => ({
			json: { url: hosted(`parallel-stall-${index}.png`, makeLargePng(64 * 1024, index), { stallAfter: 1024 }) },
		}));
		const paths = items.map((item) => new URL(item.json.url).pathname);
		const seen = () => host.requests.filter((request) => paths.includes(request.path)).length;
		const run = urlRun('={{ $json.url }}', { options: { maxRetries: 0, timeout: 4, concurrency: 4 } }, { items, continueOnFail: true });
		// Every stalled download must be open at once, well before the first one times out.
		for (let waited = 0; seen() < items.length && waited < 3000; waited += 50) {
			await sleep(50);
		}
		expect(seen()).toBe(items.length);
		const { result } = await run;
		expect(result.items.map((item) => item.json.error)).toEqual(
			paths.map((_path, index) => expect.stringMatching(new RegExp(`^Item ${index}: Downloading the image`))),
		);
	});

	it('rejects a data: URL that is not an image', async () => {
		const { error } = await urlFailure(dataUrl(Buffer.from('just some text'), 'image/png'));
		expect(error.message).toBe('Item 0: The data: URL is not an image: it is plain text');
	});

	it.each([
		['ftp://example.com/a.png', 'Item 0: The image URL "ftp://example.com/a.png" is not an http(s) URL'],
		['example.com/a.png', 'Item 0: The image URL "example.com/a.png" is not an http(s) URL'],
		['data:text/html;base64,PGI+', 'Item 0: The image URL is a data: URL but not a base64 image (it starts with "data:text/html;base64,PGI+")'],
		['  \n , ', 'Item 0: "Image URLs" is empty'],
	])('refuses "%s" before downloading anything', async (imageUrls, message) => {
		const { error, fetched, edits } = await urlFailure(imageUrls);
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toBe(message);
		expect([fetched.length, edits.length]).toEqual([0, 0]);
	});

	it('keeps the model limit on the number of URLs', async () => {
		const url = hosted('one.png', product);
		const { error, fetched } = await urlFailure([url, url, url, url].join('\n'));
		expect(error.message).toBe('Item 0: 4 reference images given, but "nano-banana" accepts at most 3');
		expect(fetched).toHaveLength(0);
	});

	it('fails only its own item under "Continue On Fail"', async () => {
		const good = hosted('fine.png', product);
		const { result } = await urlRun('={{ $json.url }}', {}, {
			continueOnFail: true,
			items: [{ json: { url: good } }, { json: { url: `${host.url}/gone.png` } }],
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => [item.pairedItem, item.json.error ?? 'ok'])).toEqual([
			[{ item: 0 }, 'ok'],
			[{ item: 1 }, `Item 1: Downloading the image from ${host.url}/gone.png failed (404)`],
		]);
	});
});
