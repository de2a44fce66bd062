import { TestCredentialsHelper } from './harness/credentials';
import { binaryBuffer, runNode, type TestItem } from './harness/engine';
import { gatewayRun, itemWithImages, photo } from './harness/fixtures';
import { startGateway, type Gateway } from './gateway/server';

let gateway: Gateway;
afterEach(async () => await gateway?.close());

const promptedItems = (prompts: string[]): TestItem[] =>
	prompts.map((prompt, index) => itemWithImages({ data: photo(index) }, { prompt }));

const byPrompt = (prompt: unknown) => gateway.edits().filter((request) => request.fields.prompt === prompt);

describe('bounded concurrency', () => {
	it('keeps the input order and pairedItem while answers arrive in another order', async () => {
		gateway = await startGateway();
		const delays = [400, 50, 250, 0, 300, 100, 0, 200, 50, 350, 0, 150];
		const items = promptedItems(delays.map((delay, index) => `[[delay:${delay}]] item ${index}`));
		const result = await runNode(gatewayRun(gateway, { prompt: '={{ $json.prompt }}', options: { concurrency: 4 } }, { items }));

		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		for (const [index, output] of result.items.entries()) {
			const [request] = byPrompt(items[index].json?.prompt);
			expect((await binaryBuffer(output.binary!.data)).equals(request.returned[0])).toBe(true);
		}
		const answered = [...gateway.edits()].sort((a, b) => (a.closedAt ?? 0) - (b.closedAt ?? 0));
		expect(answered.map((request) => request.fields.prompt)).not.toEqual(items.map((item) => item.json?.prompt));
	});

	it.each([
		{ concurrency: 1, expected: 1 },
		{ concurrency: 3, expected: 3 },
		{ concurrency: 8, expected: 8 },
		{ concurrency: undefined, expected: 4 },
	])('never has more than $expected requests in flight (Concurrency: $concurrency)', async ({ concurrency, expected }) => {
		gateway = await startGateway({ latencyMs: 250 });
		const items = promptedItems(Array.from({ length: 2 * expected + 1 }, (_, index) => `item ${index}`));
		const options = concurrency === undefined ? {} : { concurrency };
		const result = await runNode(gatewayRun(gateway, { prompt: '={{ $json.prompt }}', options }, { items }));

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(items.length);
		expect(gateway.inFlight().max).toBe(expected);
	});

	it('counts the download of a url answer as one of the requests in flight', async () => {
		gateway = await startGateway({ latencyMs: 100, imageBytes: 1024 * 1024 });
		const items = promptedItems(Array.from({ length: 8 }, (_, index) => `item ${index}`));
		const parameters = { prompt: '={{ $json.prompt }}', options: { concurrency: 2, responseFormat: 'url' } };
		const result = await runNode(gatewayRun(gateway, parameters, { items }));

		expect(result.error).toBeUndefined();
		expect(gateway.received.filter((request) => request.method === 'GET')).toHaveLength(8);
		expect(gateway.inFlight().max).toBe(2);
	});

	it('lets the other items finish when one fails under "Continue On Fail"', async () => {
		gateway = await startGateway({ latencyMs: 50 });
		const prompts = Array.from({ length: 10 }, (_, index) => (index === 3 ? '[[fault:422]] item 3' : `item ${index}`));
		const result = await runNode(
			gatewayRun(gateway, { prompt: '={{ $json.prompt }}', options: { concurrency: 4, maxRetries: 0 } }, {
				items: promptedItems(prompts),
				continueOnFail: true,
			}),
		);

		expect(result.error).toBeUndefined();
		expect(gateway.edits()).toHaveLength(10);
		expect(result.items.map((item) => item.pairedItem)).toEqual(prompts.map((_, item) => ({ item })));
		expect(result.items[3].json.error).toContain('Item 3: The gateway rejected the request (422)');
		expect(result.items.filter((item) => item.binary?.data)).toHaveLength(9);
	});

	it('loads the credential once per run, not once per request', async () => {
		gateway = await startGateway();
		const loads = jest.spyOn(TestCredentialsHelper.prototype, 'getDecrypted');
		const result = await runNode(
			gatewayRun(gateway, { prompt: '={{ $json.prompt }}' }, { items: promptedItems(['a', 'b', 'c', 'd', 'e']) }),
		);

		expect(result.error).toBeUndefined();
		expect(gateway.edits()).toHaveLength(5);
		expect(loads).toHaveBeenCalledTimes(1);
		loads.mockRestore();
	});

	it('starts no new item after a failure without "Continue On Fail"', async () => {
		gateway = await startGateway();
		const prompts = ['item 0', '[[fault:422]] item 1', 'item 2', 'item 3', 'item 4'];
		const result = await runNode(
			gatewayRun(gateway, { prompt: '={{ $json.prompt }}', options: { concurrency: 1, maxRetries: 0 } }, {
				items: promptedItems(prompts),
			}),
		);

		expect(result.error?.message).toContain('Item 1: The gateway rejected the request (422)');
		expect(gateway.edits().map((request) => request.fields.prompt)).toEqual(prompts.slice(0, 2));
	});
});
