import type { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { makeJpeg, makePng } from './gateway/png';
import { startGoogleFake, type GoogleFake } from './gateway/google';
import { binaryBuffer, runNode, type TestItem } from './harness/engine';
import { itemWithImages, photo } from './harness/fixtures';
import { googleRun } from './harness/google';

let google: GoogleFake;
beforeAll(async () => {
	google = await startGoogleFake();
});
afterAll(async () => await google.close());

const oneImage = () => [itemWithImages({ data: photo(1) })];

async function run(parameters: Record<string, unknown>, items: TestItem[] = oneImage()) {
	const before = google.generations().length;
	const result = await runNode(googleRun(google, { options: { maxRetries: 0 }, ...parameters } as never, { items }));
	expect(JSON.stringify(result)).not.toContain(google.apiKey);
	return { result, requests: google.generations().slice(before) };
}

async function failure(parameters: Record<string, unknown>, items?: TestItem[]) {
	const { result, requests } = await run(parameters, items);
	expect(result.error).toBeDefined();
	return { error: result.error as NodeApiError | NodeOperationError, requests };
}

describe('Google Gemini API provider', () => {
	it.each(['filesystem', 'inline'] as const)(
		'sends the prompt and each image as inline data with x-goog-api-key, and returns the image (%s binaries)',
		async (binaryMode) => {
			const png = photo(7);
			const jpeg = makeJpeg('reference');
			const items = [
				{
					json: {},
					binary: {
						data: { data: png, fileName: 'product.png', mimeType: 'image/png' },
						style: { data: jpeg, fileName: 'style.bin', mimeType: 'application/octet-stream' },
					},
				},
			];
			const before = google.generations().length;
			const result = await runNode(
				googleRun(google, { prompt: 'Add a hat', binaryPropertyNames: 'data, style' }, { items, binaryMode }),
			);
			expect(result.error).toBeUndefined();
			const [request] = google.generations().slice(before);
			expect(request.path).toBe('/v1beta/models/gemini-3-pro-image:generateContent');
			expect(request.headers['x-goog-api-key']).toBe(google.apiKey);
			expect(request.headers.authorization).toBeUndefined();
			expect(request.headers['content-type']).toBe('application/json');
			expect(request.body).toEqual({
				contents: [
					{
						role: 'user',
						parts: [
							{ text: 'Add a hat' },
							{ inlineData: { mimeType: 'image/png', data: png.toString('base64') } },
							{ inlineData: { mimeType: 'image/jpeg', data: jpeg.toString('base64') } },
						],
					},
				],
				generationConfig: { responseModalities: ['TEXT', 'IMAGE'] },
			});

			expect(result.items).toHaveLength(1);
			const [output] = result.items;
			expect(output.pairedItem).toEqual({ item: 0 });
			expect(output.json).toMatchObject({
				model: 'gemini-3-pro-image',
				index: 0,
				text: 'Here is your image.',
				modelVersion: 'gemini-3-pro-image',
				usageMetadata: { promptTokenCount: 12, candidatesTokenCount: 1290, totalTokenCount: 1302 },
			});
			expect(typeof output.json.responseId).toBe('string');
			const binary = output.binary?.data;
			expect(binary).toMatchObject({ mimeType: 'image/png', fileName: 'product-edited.png' });
			expect((await binaryBuffer(binary!)).equals(request.returned[0])).toBe(true);
		},
	);

	it('generates from the prompt alone with "Input Images: None"', async () => {
		const { result, requests } = await run({ inputImages: 'none' }, [{ json: {} }]);
		expect(result.error).toBeUndefined();
		expect((requests[0].body as { contents: Array<{ parts: unknown[] }> }).contents[0].parts).toEqual([{ text: 'Make it pop' }]);
		expect(result.items[0].binary?.data.fileName).toBe('nano-banana.png');
	});

	it('accepts a Base URL with /v1beta pasted after the root', async () => {
		const result = await runNode({
			...googleRun(google, { options: { maxRetries: 0 } }, { items: oneImage() }),
			credentials: { provider: 'googleGemini', apiKey: google.apiKey, googleBaseUrl: `${google.url}/v1beta/` },
		});
		expect(result.error).toBeUndefined();
	});
});

describe('size on the Google provider', () => {
	it.each([
		['', 'gemini-3-pro-image', undefined],
		['auto', 'gemini-3-pro-image', undefined],
		['16:9', 'gemini-3-pro-image', { aspectRatio: '16:9' }],
		['2k', 'gemini-3-pro-image', { imageSize: '2K' }],
		['1536x1024', 'gemini-3-pro-image', { aspectRatio: '3:2', imageSize: '1K' }],
		['4096x2304', 'gemini-nano-banana-2.1', { aspectRatio: '16:9', imageSize: '4K' }],
		['1:8', 'gemini-nano-banana-2.1', { aspectRatio: '1:8' }],
		['1024x1536', 'gemini-2.5-flash-image', { aspectRatio: '2:3' }],
	])('maps "%s" for %s to imageConfig %j', async (size, model, imageConfig) => {
		const { result, requests } = await run({ size, model });
		expect(result.error).toBeUndefined();
		const body = requests[0].body as { generationConfig: Record<string, unknown> };
		expect(body.generationConfig).toEqual({ responseModalities: ['TEXT', 'IMAGE'], ...(imageConfig ? { imageConfig } : {}) });
	});

	it('explains that Gemini 2.5 Flash Image takes no image size, before sending', async () => {
		const { error, requests } = await failure({ size: '2K', model: 'gemini-2.5-flash-image' });
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toBe('Item 0: "gemini-2.5-flash-image" does not take an image size such as 2K: it always answers at about 1024 px');
		expect(requests).toHaveLength(0);
	});

	it('lists the aspect ratios Google offers for one it does not', async () => {
		const { error } = await failure({ size: '7:5' });
		expect(error.message).toBe("Item 0: \"Size\" 7:5 is not an aspect ratio Google's image models offer");
		expect(error.description).toContain('16:9');
	});
});

describe("Google's answers", () => {
	it('skips thought parts: interim images and thinking text are not output', async () => {
		const { result, requests } = await run({ prompt: 'Think first [[fault:thoughts]]' });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.text).toBe('Here is the edited image.');
		expect((await binaryBuffer(result.items[0].binary!.data)).equals(requests[0].returned[0])).toBe(true);
	});

	it('keeps a JPEG answer a JPEG', async () => {
		const { result } = await run({ prompt: 'As a photo [[fault:jpeg]]' });
		expect(result.items[0].binary?.data).toMatchObject({ mimeType: 'image/jpeg', fileName: 'data-edited.jpg' });
	});

	it('returns one item per image part', async () => {
		const { result } = await run({ prompt: 'Two versions [[fault:two-images]]' });
		expect(result.items.map((item) => [item.json.index, item.json.text, item.binary?.data.fileName])).toEqual([
			[0, 'Two takes.', 'data-edited-1.png'],
			[1, 'Two takes.', 'data-edited-2.png'],
		]);
	});

	it('quotes the block reason of a blocked prompt', async () => {
		const { error, requests } = await failure({ prompt: 'Something [[fault:block-prompt]]', options: { maxRetries: 2 } });
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toBe('Item 0: Google blocked the prompt (PROHIBITED_CONTENT).');
		expect(error.description).toContain('Rephrase the prompt');
		expect(requests).toHaveLength(1);
	});

	it('quotes the finish reason and message of a filtered image', async () => {
		const { error } = await failure({ prompt: 'Something [[fault:image-safety]]' });
		expect(error.message).toBe(
			'Item 0: Google blocked the image (IMAGE_SAFETY). Google said: "Unable to show the generated image. The image was filtered out."',
		);
	});

	it.each([
		['text-only', 'Item 0: Google returned no image (finish reason STOP). Google said: "I can describe a cat, but I will not draw one."'],
		['no-image-reason', 'Item 0: Google returned no image (finish reason NO_IMAGE).'],
	])('explains an answer without an image (%s)', async (fault, message) => {
		const { error } = await failure({ prompt: `Draw [[fault:${fault}]]` });
		expect(error.message).toBe(message);
	});

	it('reports inline data that is not base64', async () => {
		const { error } = await failure({ prompt: 'x [[fault:invalid-base64]]' });
		expect(error.message).toContain("Image 1's inlineData is not valid base64");
		expect(error.description).toContain('Google sent a broken answer');
		expect(error.description).not.toContain('Response Format');
	});

	it('reports an answer that is not JSON', async () => {
		const { error } = await failure({ prompt: 'x [[fault:not-json]]' });
		expect(error.message).toBe('Item 0: Google answered 200 but not with JSON (text/html): "<html><head><title>Proxy login</title></head><body>Sign in</body></html>"');
	});
});

describe('Google errors and retries', () => {
	it('says "API key rejected" for API_KEY_INVALID, without showing the key', async () => {
		const wrongKey = ['AIza', 'wrong', 'key'].join('-');
		const result = await runNode({
			credentials: { provider: 'googleGemini', apiKey: wrongKey, googleBaseUrl: google.url },
			parameters: { model: 'gemini-3-pro-image', prompt: 'p' },
			items: oneImage(),
		});
		const error = result.error as NodeApiError;
		expect(error.message).toBe('Item 0: Google rejected the API key (400 API_KEY_INVALID): API key not valid. Please pass a valid API key.');
		expect(error.description).toContain('aistudio.google.com/apikey');
		expect(JSON.stringify(result)).not.toContain(wrongKey);
	});

	it('names a retired model and the current ones on 404', async () => {
		const { error } = await failure({ model: 'gemini-3-pro-image-preview' });
		expect(error.message).toMatch(/^Item 0: Google has no model "gemini-3-pro-image-preview" at http:\/\/127\.0\.0\.1:\d+\/v1beta\/models\/gemini-3-pro-image-preview:generateContent \(404 NOT_FOUND\): models\/gemini-3-pro-image-preview is not found/);
		expect(error.description).toContain('gemini-nano-banana-2.1');
	});

	it("waits for the RetryInfo delay of a 429, as for Retry-After", async () => {
		const started = Date.now();
		const { result, requests } = await run({ prompt: 'Busy [[fault:429]][[times:1]][[retryDelay:1.2s]]', options: { maxRetries: 1 } });
		expect(result.error).toBeUndefined();
		expect(requests).toHaveLength(2);
		expect(Date.now() - started).toBeGreaterThanOrEqual(1150);
	});

	it('reports a 429 at once when Google asks to wait longer than the node waits', async () => {
		const started = Date.now();
		const { error, requests } = await failure({ prompt: 'Quota [[fault:429]][[retryDelay:3600s]]', options: { maxRetries: 3 } });
		expect(requests).toHaveLength(1);
		expect(Date.now() - started).toBeLessThan(5000);
		expect(error.message).toBe('Item 0: Google is rate limiting requests (429 RESOURCE_EXHAUSTED): You exceeded your current quota, please check your plan and billing details.');
		expect(error.description).toContain('Google asks to wait 3600 s.');
	});

	it.each(['500', '503', '504'])('retries %s and succeeds', async (status) => {
		const { result, requests } = await run({ prompt: `Again ${status} [[fault:${status}]][[times:1]]`, options: { maxRetries: 1 } });
		expect(result.error).toBeUndefined();
		expect(requests).toHaveLength(2);
	});

	it('names the attempts when Google keeps failing', async () => {
		const { error } = await failure({ prompt: 'Down [[fault:503]]', options: { maxRetries: 1 } });
		expect(error.message).toBe('Item 0: Google failed (503 UNAVAILABLE) after 2 attempts: The model is overloaded. Please try again later.');
	});
});

describe('gateway-only options on the Google provider', () => {
	it('explains that "Output: Image URL" is not available, without sending', async () => {
		const { error, requests } = await failure({ output: 'url' });
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toContain('"Output: Image URL" is not available with the Google Gemini API');
		expect(requests).toHaveLength(0);
	});

	it('returns the binary for "Binary Image and URL", with no URL', async () => {
		const { result } = await run({ output: 'binaryAndUrl' });
		expect(result.items[0].binary?.data.mimeType).toBe('image/png');
		expect(result.items[0].json.url).toBeUndefined();
	});

	it('refuses extra fields instead of dropping them', async () => {
		const { error } = await failure({ options: { extraFields: { field: [{ name: 'aspect_ratio', value: '16:9' }] } } });
		expect(error.message).toBe('Item 0: Extra fields (aspect_ratio) apply to OpenAI-compatible gateways only');
	});

	it('keeps the model limit on reference images (3 for Gemini 2.5 Flash Image)', async () => {
		const files = Object.fromEntries([1, 2, 3, 4].map((seed) => [`image${seed}`, makePng(2, 2, [seed, seed, seed])]));
		const { error, requests } = await failure({ model: 'gemini-2.5-flash-image', inputImages: 'allBinaryFields' }, [itemWithImages(files)]);
		expect(error.message).toBe('Item 0: 4 reference images given, but "gemini-2.5-flash-image" accepts at most 3');
		expect(requests).toHaveLength(0);
	});
});
