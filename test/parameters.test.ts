import { binaryBuffer, runNode } from './harness/engine';
import { gatewayRun, itemWithImages, photo } from './harness/fixtures';
import { makeJpeg } from './gateway/png';
import { startGateway, type Gateway } from './gateway/server';

let gateway: Gateway;
beforeAll(async () => {
	gateway = await startGateway();
});
afterAll(async () => await gateway.close());

/** Runs the node and returns the single edit request the gateway received for it. */
async function sent(parameters: Record<string, unknown>, items = [itemWithImages({ data: photo(1) })]) {
	const before = gateway.edits().length;
	const result = await runNode(gatewayRun(gateway, parameters as never, { items }));
	expect(result.error).toBeUndefined();
	return { request: gateway.edits()[before], result };
}

describe('model and prompt', () => {
	it('sends any model ID typed as a plain string', async () => {
		const { request, result } = await sent({ model: 'my-gateway/nano-banana-custom' });
		expect(request.fields.model).toBe('my-gateway/nano-banana-custom');
		expect(result.items[0].json.model).toBe('my-gateway/nano-banana-custom');
	});

	it('evaluates the prompt expression per item', async () => {
		const before = gateway.edits().length;
		const items = ['a red hat', 'a blue scarf'].map((prompt, seed) => itemWithImages({ data: photo(seed) }, { prompt }));
		const result = await runNode(gatewayRun(gateway, { prompt: '=Add {{ $json.prompt }}' }, { items }));
		expect(result.error).toBeUndefined();
		expect(gateway.edits().slice(before).map((request) => request.fields.prompt).sort()).toEqual([
			'Add a blue scarf',
			'Add a red hat',
		]);
	});
});

describe('input images', () => {
	const files = { data: photo(1), style: photo(2), mask: photo(3) };

	it('sends the named binary properties in the order given, skipping blanks', async () => {
		const { request } = await sent({ binaryPropertyNames: ' style , data,, ' }, [itemWithImages(files)]);
		expect(request.files.map((file) => file.fileName)).toEqual(['style.png', 'data.png']);
		expect(request.files[0].data.equals(files.style)).toBe(true);
		expect(request.files[1].data.equals(files.data)).toBe(true);
	});

	it('sends every binary property with "All Binary Fields"', async () => {
		const { request } = await sent({ inputImages: 'allBinaryFields' }, [itemWithImages(files)]);
		expect(request.files.map((file) => file.fileName)).toEqual(['data.png', 'style.png', 'mask.png']);
	});

	it('sends no image part with "None", even when the item has binaries', async () => {
		const { request, result } = await sent({ inputImages: 'none' }, [itemWithImages(files)]);
		expect(request.files).toEqual([]);
		expect(result.items[0].binary?.data.fileName).toBe('nano-banana.png');
	});

	it('sends the true type of mislabelled image bytes', async () => {
		const jpeg = makeJpeg();
		const item = { json: {}, binary: { data: { data: jpeg, fileName: 'holiday photo.png', mimeType: 'image/png' } } };
		const { request } = await sent({}, [item]);
		expect(request.files[0]).toMatchObject({ fileName: 'holiday photo.png', contentType: 'image/jpeg' });
		expect(request.files[0].data.equals(jpeg)).toBe(true);
	});

	it('keeps file names with quotes, spaces and non-ASCII intact through a strict parser', async () => {
		const name = 'Ünïcode "quoted" photo 1.png';
		const item = { json: {}, binary: { data: { data: photo(4), fileName: name, mimeType: 'image/png' } } };
		const { request } = await sent({}, [item]);
		expect(request.files[0].fileName).toBe(name.replace(/"/g, '%22'));
	});

	it('uses "image[]" as the field name when asked', async () => {
		const strict = await startGateway({ imageField: 'image[]' });
		try {
			const item = itemWithImages({ data: photo(1), style: photo(2) });
			const wrong = await runNode(gatewayRun(strict, { binaryPropertyNames: 'data,style' }, { items: [item] }));
			expect(wrong.error?.message).toContain('reads reference images from "image[]" only');
			const right = await runNode(
				gatewayRun(strict, { binaryPropertyNames: 'data,style', options: { imageFieldName: 'image[]' } }, { items: [item] }),
			);
			expect(right.error).toBeUndefined();
			expect(strict.edits().at(-1)?.files.map((file) => file.field)).toEqual(['image[]', 'image[]']);
		} finally {
			await strict.close();
		}
	});
});

describe('size and extra fields', () => {
	it('does not send size when it is empty', async () => {
		const { request } = await sent({ size: '' });
		expect('size' in request.fields).toBe(false);
	});

	it.each(['1024x1024', '16:9'])('sends size %s as given', async (size) => {
		const { request } = await sent({ size });
		expect(request.fields.size).toBe(size);
	});

	it('sends extra fields once each', async () => {
		const { request } = await sent({
			options: { extraFields: { field: [{ name: 'aspect_ratio', value: '3:4' }, { name: 'quality', value: 'high' }] } },
		});
		expect(request.fields).toMatchObject({ aspect_ratio: '3:4', quality: 'high' });
	});
});

describe('response format and output', () => {
	it.each([
		['binary', 'b64_json'],
		['url', 'url'],
		['binaryAndUrl', 'url'],
	])('"Auto" asks for the format that suits output %s', async (output, format) => {
		const { request } = await sent({ output });
		expect(request.fields.response_format).toBe(format);
	});

	it('returns only the URL for "Image URL"', async () => {
		const { request, result } = await sent({ output: 'url' });
		expect(result.items[0].binary).toBeUndefined();
		expect(result.items[0].json.url).toMatch(new RegExp(`^${gateway.url}/files/`));
		const downloads = gateway.received.filter((entry) => entry.path.startsWith('/files/'));
		expect(downloads.some((entry) => result.items[0].json.url === `${gateway.url}${entry.path}`)).toBe(false);
		expect(request.returned).toHaveLength(1);
	});

	it('downloads the URL answer into a binary for "Binary Image and URL"', async () => {
		const { request, result } = await sent({ output: 'binaryAndUrl' });
		const [item] = result.items;
		expect(item.json.url).toMatch(/\/files\/.*\.png$/);
		expect((await binaryBuffer(item.binary!.data)).equals(request.returned[0])).toBe(true);
		expect(item.binary!.data.mimeType).toBe('image/png');
	});

	it('downloads when the response format is forced to URL with binary output', async () => {
		const { request, result } = await sent({ output: 'binary', options: { responseFormat: 'url' } });
		expect(request.fields.response_format).toBe('url');
		expect((await binaryBuffer(result.items[0].binary!.data)).equals(request.returned[0])).toBe(true);
	});

	it('writes the image to the chosen binary property and file name', async () => {
		const { result } = await sent({ options: { outputBinaryPropertyName: 'edited', fileName: 'product-shot' } });
		expect(Object.keys(result.items[0].binary ?? {})).toEqual(['edited']);
		expect(result.items[0].binary?.edited).toMatchObject({ fileName: 'product-shot.png', mimeType: 'image/png' });
	});

	it('returns one item per generated image, paired with its input', async () => {
		const { request, result } = await sent({
			options: { fileName: 'variant', extraFields: { field: [{ name: 'n', value: '3' }] } },
			prompt: 'three variants [[revised:a cat in a hat]]',
		});
		expect(result.items).toHaveLength(3);
		for (const [index, item] of result.items.entries()) {
			expect(item.pairedItem).toEqual({ item: 0 });
			expect(item.json).toMatchObject({ index, revisedPrompt: 'a cat in a hat', model: 'nano-banana' });
			expect(item.json.created).toEqual(expect.any(Number));
			expect(item.json.usage).toEqual(expect.objectContaining({ total_tokens: expect.any(Number) }));
			expect(item.binary?.data.fileName).toBe(`variant-${index + 1}.png`);
			expect((await binaryBuffer(item.binary!.data)).equals(request.returned[index])).toBe(true);
		}
	});
});
