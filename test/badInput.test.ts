/**
 * Bad input from users and upstream nodes: each is reported as "Item N: ..." with a fix, before
 * anything is uploaded, or corrected (a wrong MIME label) where the node can.
 */
import type { INodeParameters } from 'n8n-workflow';

import { defaultMaxReferenceImages } from '../nodes/NanoBananaEdit/models';
import { makeJpeg, makeWebp } from './gateway/png';
import { startGateway, type Gateway } from './gateway/server';
import { runNode, type BinaryMode, type RunResult, type TestItem } from './harness/engine';
import { gatewayRun, itemWithImages, photo } from './harness/fixtures';

let gateway: Gateway;
beforeAll(async () => {
	gateway = await startGateway();
});
afterAll(async () => await gateway.close());

const one = (name: string, data: Buffer, fileName: string, mimeType: string): TestItem => ({
	json: {},
	binary: { [name]: { data, fileName, mimeType } },
});

const images = (count: number) => itemWithImages(Object.fromEntries(Array.from({ length: count }, (_, index) => [`img${index}`, photo(index)])));
const names = (count: number) => Array.from({ length: count }, (_, index) => `img${index}`).join(',');

async function run(parameters: INodeParameters, items: TestItem[], binaryMode?: BinaryMode) {
	const before = gateway.edits().length;
	const result = await runNode(gatewayRun(gateway, { options: { maxRetries: 0 }, ...parameters }, { items, binaryMode }));
	return { result, sent: gateway.edits().slice(before) };
}

/** Runs, expects the item to fail as bad input with nothing uploaded, and returns the error. */
async function rejected(parameters: INodeParameters, items: TestItem[], binaryMode?: BinaryMode) {
	const { result, sent } = await run(parameters, items, binaryMode);
	expect(result.error?.name).toBe('NodeOperationError');
	expect(result.error?.description).toEqual(expect.any(String));
	expect(sent).toEqual([]);
	return result.error as NonNullable<RunResult['error']>;
}

describe('binary properties', () => {
	it.each([
		['dta', 'Did you mean "data"?'],
		['Data', 'Did you mean "data"? Names are case-sensitive.'],
		['image_1', 'Did you mean "image1"?'],
		['mask', 'Set "Binary Property Names" to one of these names.'],
	])('a typo like %j suggests the name the item has', async (typo, fix) => {
		const error = await rejected({ binaryPropertyNames: typo }, [itemWithImages({ data: photo(1), image1: photo(2) })]);
		expect(error.message).toBe(`Item 0: Binary property "${typo}" not found. The item has "data", "image1".`);
		expect(error.description).toBe(fix);
	});

	it('says where a missing file should come from when the item has no binary at all', async () => {
		const error = await rejected({}, [{ json: { id: 1 } }]);
		expect(error.message).toBe('Item 0: Binary property "data" not found. The item has no binary data at all.');
		expect(error.description).toContain('Make sure the previous node outputs a file');
	});

	it('ignores spaces and empty entries in "Binary Property Names"', async () => {
		const { result, sent } = await run({ binaryPropertyNames: ' style ,, data , ,' }, [itemWithImages({ data: photo(1), style: photo(2) })]);
		expect(result.error).toBeUndefined();
		expect(sent[0].files.map((file) => file.fileName)).toEqual(['style.png', 'data.png']);
	});

	it('rejects "Binary Property Names" that holds only separators', async () => {
		const error = await rejected({ binaryPropertyNames: ' , ,, ' }, [itemWithImages({ data: photo(1) })]);
		expect(error.message).toBe('Item 0: "Binary Property Names" is empty');
	});
});

describe('file contents', () => {
	it.each(['filesystem', 'inline'] as const)('rejects a zero-byte file (%s binaries)', async (binaryMode) => {
		const error = await rejected({}, [one('data', Buffer.alloc(0), 'empty.png', 'image/png')], binaryMode);
		expect(error.message).toBe('Item 0: Binary property "data" (empty.png) is empty (0 bytes)');
	});

	it.each([
		['a PDF document', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'), 'application/pdf'],
		['plain text', Buffer.from('name,price\nhat,12\n'), 'text/csv'],
		['an HTML page', Buffer.from('<!DOCTYPE html><html><body>Moved</body></html>'), 'image/png'],
		['an SVG drawing (vector images are not accepted; convert it to PNG)', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/svg+xml'],
		['a ZIP archive (or Office document)', Buffer.from('PK\x03\x04 docx'), 'image/jpeg'],
	])('rejects %s before uploading, whatever its label says', async (kind, data, mimeType) => {
		const error = await rejected({}, [one('data', data, 'upload.bin', mimeType)]);
		expect(error.message).toBe(`Item 0: Binary property "data" (upload.bin) is not an image: it is ${kind}`);
		expect(error.description).toContain('PNG, JPEG, WebP');
	});

	it.each([
		['JPEG bytes labelled PNG', makeJpeg(), 'image/png', 'image/jpeg'],
		['WebP bytes labelled JPEG', makeWebp(), 'image/jpeg', 'image/webp'],
		['PNG bytes labelled as unknown', photo(3), 'application/octet-stream', 'image/png'],
	])('sends %s with the true type', async (_label, data, label, trueType) => {
		const { result, sent } = await run({}, [one('data', data, 'photo.png', label)]);
		expect(result.error).toBeUndefined();
		expect(sent[0].files[0]).toMatchObject({ fileName: 'photo.png', contentType: trueType });
		expect(sent[0].files[0].data.equals(data)).toBe(true);
	});
});

describe('reference image limits', () => {
	it.each([
		['nano-banana', 3],
		['gemini-2.5-flash-image', 3],
		['nano-banana-pro', 14],
		['nano-banana-2', 14],
	])('%s takes %i reference images and refuses one more', async (model, limit) => {
		const accepted = await run({ model, binaryPropertyNames: names(limit) }, [images(limit + 1)]);
		expect(accepted.result.error).toBeUndefined();
		expect(accepted.sent[0].files).toHaveLength(limit);

		const error = await rejected({ model, binaryPropertyNames: names(limit + 1) }, [images(limit + 1)]);
		expect(error.message).toBe(`Item 0: ${limit + 1} reference images given, but "${model}" accepts at most ${limit}`);
		expect(error.description).toContain('raise "Max Reference Images"');
	});

	it('counts "All Binary Fields" against the limit too', async () => {
		const error = await rejected({ inputImages: 'allBinaryFields' }, [images(4)]);
		expect(error.message).toBe('Item 0: 4 reference images given, but "nano-banana" accepts at most 3');
	});

	it('lets "Max Reference Images" raise or lower the family default', async () => {
		const raised = await run({ binaryPropertyNames: names(5), options: { maxReferenceImages: 5 } }, [images(5)]);
		expect(raised.result.error).toBeUndefined();
		expect(raised.sent[0].files).toHaveLength(5);

		const error = await rejected({ model: 'nano-banana-pro', binaryPropertyNames: names(3), options: { maxReferenceImages: 2 } }, [images(3)]);
		expect(error.message).toBe('Item 0: 3 reference images given, but "nano-banana-pro" accepts at most 2');
	});

	it.each([
		['my-gateway/nano-banana-pro', 14],
		['gemini-3-pro-image-preview', 14],
		['google/gemini-3.1-flash-image', 14],
		['gemini-2.5-flash-image-preview', 3],
		['proxy/nano-banana', 3],
		['approved-image-model', 3],
	])('judges the unknown model ID %s by its family: %i', (model, limit) => {
		expect(defaultMaxReferenceImages(model)).toBe(limit);
	});
});

describe('prompt and other expressions', () => {
	it('never sends an empty prompt: n8n itself refuses to run the node', async () => {
		await expect(run({ prompt: '' }, [itemWithImages({ data: photo(1) })])).rejects.toThrow('Parameter "Prompt" is required');
	});

	it.each([
		['blank', '   \n\t'],
		['an expression reading a missing field', '={{ $json.missing }}'],
		['an expression giving null', '={{ null }}'],
	])('rejects a prompt that is %s', async (_label, prompt) => {
		const error = await rejected({ prompt }, [itemWithImages({ data: photo(1) })]);
		expect(error.message).toBe('Item 0: "Prompt" is empty');
		expect(error.description).toContain('check that the field it reads exists');
	});

	it.each([
		['an object', '={{ { text: "a hat" } }}'],
		['a list', '={{ ["a", "hat"] }}'],
	])('rejects a prompt expression giving %s', async (kind, prompt) => {
		const error = await rejected({ prompt }, [itemWithImages({ data: photo(1) })]);
		expect(error.message).toBe(`Item 0: "Prompt" must be text, but its expression gave ${kind}`);
		expect(error.description).toContain('so that it returns a string');
	});

	it('sends a number from an expression as text', async () => {
		const { result, sent } = await run({ prompt: '={{ 42 }}' }, [itemWithImages({ data: photo(1) })]);
		expect(result.error).toBeUndefined();
		expect(sent[0].fields.prompt).toBe('42');
	});

	it('rejects a size expression giving an object', async () => {
		const error = await rejected({ size: '={{ { width: 1024 } }}' }, [itemWithImages({ data: photo(1) })]);
		expect(error.message).toBe('Item 0: "Size" must be text, but its expression gave an object');
	});

	it('names the item whose expression went wrong in a batch', async () => {
		const items = ['a hat', { text: 'a scarf' }, 'gloves'].map((prompt, seed) => itemWithImages({ data: photo(seed) }, { prompt }));
		const result = await runNode(gatewayRun(gateway, { prompt: '={{ $json.prompt }}' }, { items, continueOnFail: true }));
		expect(result.items.map((item) => item.json.error)).toEqual([
			undefined,
			'Item 1: "Prompt" must be text, but its expression gave an object',
			undefined,
		]);
	});
});

// Base URLs with path, query or fragment junk that still work: credential.test.ts and baseUrl.test.ts.
describe('base URL', () => {
	it.each(['gateway.example.com', 'ftp://gateway.example.com', ''])('explains a base URL %j that is not http(s)', async (baseUrl) => {
		const result = await runNode({ credentials: { apiKey: gateway.apiKey, baseUrl }, parameters: { prompt: 'p' }, items: [itemWithImages({ data: photo(1) })] });
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toBe("Item 0: The credential's Base URL is not an http(s) URL");
		expect(result.error?.description).toContain('enter the gateway root');
	});
});
