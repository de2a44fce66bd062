/**
 * Safe downloads of the images a gateway answers with as URLs: only http(s) is fetched and
 * base64 data:image URLs are decoded locally; the credential goes only to the gateway's own
 * origin (per redirect hop); redirects, size and time are bounded, in both binary storage modes.
 */
import type { IDataObject } from 'n8n-workflow';

import { startImageHost, type ImageHost } from './gateway/imageHost';
import { listenLocally, type LocalServer } from './gateway/listen';
import { makeLargePng, makePng } from './gateway/png';
import { startGateway, type Gateway } from './gateway/server';
import { binaryBuffer, runNode, type BinaryMode } from './harness/engine';
import { gatewayRun, itemWithImages, photo } from './harness/fixtures';

const image = makePng(12, 12, [200, 120, 40]);
const large = makeLargePng(2 * 1024 * 1024);

let gateway: Gateway;
let host: ImageHost;
let silent: LocalServer;
beforeAll(async () => {
	[gateway, host, silent] = await Promise.all([startGateway(), startImageHost(), listenLocally(() => undefined)]);
	host.add('/image.png', { body: image, contentType: 'image/png' });
	host.add('/large.png', { body: large, contentType: 'image/png' });
	host.add('/large-chunked.png', { body: large, contentType: 'image/png', chunked: true });
	host.add('/stall.png', { body: large, contentType: 'image/png', stallAfter: 4096 });
	host.redirect('/loop.png', `${host.url}/loop.png`);
	host.redirect('/to-gateway', `${gateway.url}/files/missing.png`);
	host.redirect('/to-file', 'file:///etc/passwd');
});
afterAll(async () => await Promise.all([gateway.close(), host.close(), silent.close()]));

let runs = 0;

/** Has the gateway answer with an image URL (fault `fault`, [[url:...]] `url`) and runs the node. */
async function answerWith(fault: string, url = '', options: IDataObject = {}, binaryMode?: BinaryMode) {
	const prompt = `[[fault:${fault}]] ${url ? `[[url:${url}]] ` : ''}run ${++runs}`;
	const started = Date.now();
	const result = await runNode(
		gatewayRun(gateway, { prompt, options: { maxRetries: 0, timeout: 1, ...options } }, { items: [itemWithImages({ data: photo(1) })], binaryMode }),
	);
	return { result, ms: Date.now() - started, prompt };
}

const hostRequests = (path: string) => host.requests.filter((request) => request.path === path);
const gatewayDownloads = () => gateway.received.filter((request) => request.method === 'GET' && !request.path.startsWith('/v1/'));

describe('whose URLs get the credential', () => {
	it('fetches from another origin (same host, other port) without the Authorization header', async () => {
		const { result } = await answerWith('url-given', `${host.url}/image.png`);
		expect(result.error).toBeUndefined();
		expect((await binaryBuffer(result.items[0].binary!.data)).equals(image)).toBe(true);
		const [request] = hostRequests('/image.png').slice(-1);
		expect(request.headers.authorization).toBeUndefined();
		expect(JSON.stringify(request.headers)).not.toContain(gateway.apiKey);
	});

	it("sends it to the gateway's own file URLs", async () => {
		const before = gatewayDownloads().length;
		const { result } = await answerWith('url-redirect');
		expect(result.error).toBeUndefined();
		const downloads = gatewayDownloads().slice(before);
		expect(downloads).toHaveLength(2);
		for (const request of downloads) expect(request.headers.authorization).toBe(`Bearer ${gateway.apiKey}`);
	});

	it('drops it when a gateway URL redirects to another origin', async () => {
		const before = gatewayDownloads().length;
		const { result } = await answerWith('url-redirect-to', `${host.url}/image.png`);
		expect(result.error).toBeUndefined();
		expect((await binaryBuffer(result.items[0].binary!.data)).equals(image)).toBe(true);
		expect(gatewayDownloads().slice(before)[0].headers.authorization).toBe(`Bearer ${gateway.apiKey}`);
		expect(hostRequests('/image.png').at(-1)?.headers.authorization).toBeUndefined();
	});

	it('adds it only on the hop that lands on the gateway', async () => {
		const before = gatewayDownloads().length;
		const { result } = await answerWith('url-given', `${host.url}/to-gateway`);
		expect(result.error?.message).toMatch(/^Item 0: Downloading the image from http:\/\/127\.0\.0\.1:\d+\/to-gateway failed \(404\)$/);
		expect(hostRequests('/to-gateway').at(-1)?.headers.authorization).toBeUndefined();
		expect(gatewayDownloads().slice(before).map((request) => request.headers.authorization)).toEqual([`Bearer ${gateway.apiKey}`]);
	});
});

describe('schemes', () => {
	it('decodes a base64 data:image URL locally', async () => {
		const requestsBefore = host.requests.length + gatewayDownloads().length;
		const { result, prompt } = await answerWith('url-data-image');
		expect(result.error).toBeUndefined();
		const returned = gateway.edits().find((request) => request.fields.prompt === prompt)?.returned[0];
		expect((await binaryBuffer(result.items[0].binary!.data)).equals(returned!)).toBe(true);
		expect(host.requests.length + gatewayDownloads().length).toBe(requestsBefore);
	});

	it.each([
		['file:///etc/passwd', 'The gateway returned an image URL with the unsupported scheme "file:"; only http and https are fetched'],
		['ftp://127.0.0.1/image.png', 'The gateway returned an image URL with the unsupported scheme "ftp:"; only http and https are fetched'],
		['javascript:alert(1)', 'The gateway returned an image URL with the unsupported scheme "javascript:"; only http and https are fetched'],
		['data:text/html;base64,PHNjcmlwdD4=', 'The gateway returned a data: URL that is not a base64-encoded image (text/html)'],
		['data:image/png,not-base64', 'The gateway returned a data: URL that is not a base64-encoded image (image/png)'],
		['not a url', 'The gateway returned an image URL that is not a valid URL: "not a url"'],
	])('refuses %s with a clear error', async (url, message) => {
		const { result } = await answerWith('url-given', url);
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toBe(`Item 0: ${message}`);
		expect(result.error?.description).toEqual(expect.any(String));
	});

	it('refuses a redirect to another scheme', async () => {
		const { result } = await answerWith('url-given', `${host.url}/to-file`);
		expect(result.error?.message).toBe('Item 0: The gateway returned an image URL with the unsupported scheme "file:"; only http and https are fetched');
	});
});

describe('bounds', () => {
	it('follows redirects, but at most 5', async () => {
		const before = hostRequests('/loop.png').length;
		const { result } = await answerWith('url-given', `${host.url}/loop.png`);
		expect(result.error?.message).toBe(`Item 0: The image URL ${host.url}/loop.png redirected more than 5 times`);
		expect(hostRequests('/loop.png').length - before).toBe(6);
	});

	describe.each(['filesystem', 'inline'] as const)('with %s binaries', (binaryMode) => {
		it.each(['/large.png', '/large-chunked.png'])('refuses %s above "Max Download Size"', async (path) => {
			const { result } = await answerWith('url-given', `${host.url}${path}`, { maxDownloadMb: 1 }, binaryMode);
			expect(result.error?.message).toBe(`Item 0: The image at ${host.url}${path} is larger than the 1.0 MB limit`);
			expect(result.error?.description).toContain('Raise "Max Download Size (MB)"');
		});

		it('takes the same image below the limit, byte for byte', async () => {
			const { result } = await answerWith('url-given', `${host.url}/large-chunked.png`, { maxDownloadMb: 3, timeout: 10 }, binaryMode);
			expect(result.error).toBeUndefined();
			expect((await binaryBuffer(result.items[0].binary!.data)).equals(large)).toBe(true);
		});

		it.each([
			['a server that stops sending', 'url-given', '/stall.png'],
			['a server that never answers', 'url-given', 'silent'],
			["the gateway's own file server stopping", 'url-stall', ''],
		])('ends the download of %s on time', async (_label, fault, path) => {
			const url = { '': '', silent: `${silent.url}/image.png` }[path] ?? `${host.url}${path}`;
			const { result, ms } = await answerWith(fault, url, {}, binaryMode);
			expect(result.error?.message).toMatch(/^Item 0: Downloading the image from http:\/\/\S+ did not finish within 1 s$/);
			expect(result.error?.description).toContain('raise "Timeout"');
			expect(ms).toBeLessThan(4000);
		});

		it('reports a connection dropped half-way', async () => {
			const { result } = await answerWith('url-reset-mid-body', '', {}, binaryMode);
			expect(result.error?.message).toMatch(/^Item 0: Downloading the image from http:\/\/\S+ broke off: aborted$/);
		});
	});
});
