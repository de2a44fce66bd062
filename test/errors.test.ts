import type { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { runNode, type TestItem } from './harness/engine';
import { gatewayRun, itemWithImages, photo } from './harness/fixtures';
import { startGateway, type Gateway } from './gateway/server';

let gateway: Gateway;
beforeAll(async () => {
	gateway = await startGateway();
});
afterAll(async () => await gateway.close());

async function failure(parameters: Record<string, unknown>, items: TestItem[] = [itemWithImages({ data: photo(1) })]) {
	const result = await runNode(gatewayRun(gateway, { options: { maxRetries: 0 }, ...parameters } as never, { items }));
	expect(result.error).toBeDefined();
	expect(JSON.stringify(result)).not.toContain(gateway.apiKey);
	return result.error as NodeApiError | NodeOperationError;
}

describe('bad input', () => {
	it('names the missing binary property and the ones the item has', async () => {
		const error = await failure({ binaryPropertyNames: 'photo' }, [itemWithImages({ data: photo(1), Logo: photo(2) })]);
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toBe('Item 0: Binary property "photo" not found. The item has "data", "Logo".');
		expect(error.description).toContain('Set "Binary Property Names" to one of these names');
	});

	it('suggests the right case for a near miss', async () => {
		const error = await failure({ binaryPropertyNames: 'logo' }, [itemWithImages({ Logo: photo(2) })]);
		expect(error.description).toContain('Did you mean "Logo"?');
	});

	it('says so when the item has no binary at all', async () => {
		const error = await failure({}, [{ json: { id: 1 } }]);
		expect(error.message).toContain('The item has no binary data at all.');
	});

	it.each([
		['a PDF document', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'), 'application/pdf'],
		['plain text', Buffer.from('hello, this is a text file'), 'text/plain'],
	])('rejects %s before uploading', async (kind, data, mimeType) => {
		const before = gateway.edits().length;
		const error = await failure({}, [{ json: {}, binary: { data: { data, fileName: 'file.bin', mimeType } } }]);
		expect(error.message).toBe(`Item 0: Binary property "data" (file.bin) is not an image: it is ${kind}`);
		expect(gateway.edits().length).toBe(before);
	});

	it('rejects an empty prompt', async () => {
		const error = await failure({ prompt: '={{ $json.missing }}' });
		expect(error.message).toBe('Item 0: "Prompt" is empty');
	});

	it('rejects a size that is neither WxH nor a ratio', async () => {
		const error = await failure({ size: 'big' });
		expect(error.message).toContain('"Size" must look like 1024x1024');
	});
});

describe('gateway errors', () => {
	it('explains 401 as a credential problem', async () => {
		const result = await runNode({
			credentials: { apiKey: 'sk-not-the-right-key', baseUrl: gateway.url },
			parameters: { prompt: 'p' },
			items: [itemWithImages({ data: photo(1) })],
		});
		const error = result.error as NodeApiError;
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toBe('Item 0: The gateway rejected the API key (401): Incorrect API key provided');
		expect(error.description).toContain('Check the API key');
		expect(JSON.stringify(result)).not.toContain('sk-not-the-right-key');
	});

	it('explains 403 the same way', async () => {
		const error = await failure({ prompt: '[[fault:403]]' });
		expect(error.message).toContain('rejected the API key (403): This key may not use this model');
	});

	it('shows the URL (without the key) on a 404 and points at the base URL', async () => {
		const result = await runNode({
			credentials: { apiKey: gateway.apiKey, baseUrl: `${gateway.url}/api/openai?token=secret` },
			parameters: { prompt: 'p' },
			items: [itemWithImages({ data: photo(1) })],
		});
		expect(result.error?.message).toBe(
			`Item 0: Nothing found at ${gateway.url}/api/openai/v1/images/edits (404): Invalid URL (POST /api/openai/v1/images/edits)`,
		);
		expect(result.error?.description).toContain('Check the Base URL');
	});

	it('gives the total upload size on a 413', async () => {
		const error = await failure({ prompt: '[[fault:413]]', binaryPropertyNames: 'a,b' }, [
			itemWithImages({ a: photo(1), b: photo(2) }),
		]);
		const total = photo(1).length + photo(2).length;
		expect(error.message).toBe(`Item 0: The gateway refused the upload as too large (413): the reference images total ${total} B`);
	});

	it.each([
		['429', 'is rate limiting requests (429) after 2 attempts: Rate limit reached for requests'],
		['500', 'failed (500) after 2 attempts: Internal server error'],
		['502', 'failed (502) after 2 attempts: Bad gateway: upstream model failed'],
		['503', 'failed (503) after 2 attempts: The model is overloaded, try again later'],
		['504', 'failed (504) after 2 attempts: Upstream timed out'],
		['html-524', 'failed (524) after 2 attempts: HTML page "gateway.example.com | 524: A timeout occurred"'],
	])('retries %s, then reports the gateway message', async (fault, message) => {
		const prompt = `[[fault:${fault}]] ${Math.random()}`;
		const error = await failure({ prompt, options: { maxRetries: 1 } });
		expect(error.message).toBe(`Item 0: The gateway ${message}`);
		expect(gateway.edits().filter((request) => request.fields.prompt === prompt)).toHaveLength(2);
	});

	it('recovers when a retry succeeds', async () => {
		const prompt = `[[fault:503]] [[times:2]] ${Math.random()}`;
		const result = await runNode(gatewayRun(gateway, { prompt, options: { maxRetries: 2 } }, { items: [itemWithImages({ data: photo(1) })] }));
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(gateway.edits().filter((request) => request.fields.prompt === prompt)).toHaveLength(3);
	});

	it('does not retry other 4xx answers', async () => {
		const prompt = `[[fault:422]] ${Math.random()}`;
		const error = await failure({ prompt, options: { maxRetries: 3 } });
		expect(error.message).toBe('Item 0: The gateway rejected the request (422): Unprocessable: size 99x99 is not supported');
		expect(gateway.edits().filter((request) => request.fields.prompt === prompt)).toHaveLength(1);
	});

	it('quotes the text of a 200 answer without an image (blocked prompt)', async () => {
		const error = await failure({ prompt: '[[fault:empty-data]]' });
		expect(error.message).toContain('returned no image');
		expect(error.message).toContain('The gateway said: "I cannot generate that image: it violates the content policy."');
	});

	it('shows the first bytes of an answer that is not JSON', async () => {
		const error = await failure({ prompt: '[[fault:not-json]]' });
		expect(error.message).toContain('not with JSON (text/html): "<html><head><title>Welcome to nginx!</title>');
	});

	it('gives up on a gateway that never answers after the timeout', async () => {
		const error = await failure({ prompt: '[[fault:hang]]', options: { timeout: 1, maxRetries: 0 } });
		expect(error.message).toBe('Item 0: The gateway did not answer within 1 s');
		expect(error.description).toContain('Timeout');
	});

	it('never shows the key a gateway echoes back', async () => {
		const error = await failure({ prompt: '[[fault:echo-auth]]' });
		expect(error.message).toBe('Item 0: The gateway rejected the API key (401): Invalid token: Bearer [redacted]');
	});
});

describe('continue on fail', () => {
	it('puts an error item in place of each failed item and keeps the others', async () => {
		const items = [
			itemWithImages({ data: photo(1) }, { prompt: 'fine' }),
			itemWithImages({ data: photo(2) }, { prompt: '[[fault:422]]' }),
			{ json: { prompt: 'fine too' } },
			itemWithImages({ data: photo(3) }, { prompt: 'also fine' }),
		];
		const result = await runNode(
			gatewayRun(gateway, { prompt: '={{ $json.prompt }}', options: { maxRetries: 0 } }, { items, continueOnFail: true }),
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(result.items[0].binary?.data).toBeDefined();
		expect(result.items[1].json.error).toContain('Item 1: The gateway rejected the request (422)');
		expect(result.items[2].json.error).toContain('Item 2: Binary property "data" not found');
		expect(result.items[3].binary?.data).toBeDefined();
	});
});
