import { runNode, type TestItem } from './harness/engine';
import { gatewayRun, itemWithImages, photo } from './harness/fixtures';
import { FAULTS } from './gateway/faults';
import { startGateway, type Gateway, type ReceivedRequest } from './gateway/server';
import { rateLimited, stallingBody } from './gateway/timingFaults';

let gateway: Gateway;
beforeEach(async () => {
	gateway = await startGateway();
});
afterEach(async () => await gateway.close());

/** Retry-After as an HTTP date two to three seconds ahead (HTTP dates have whole seconds). */
let retryAt = 0;
FAULTS['429-retry-after-date'] = rateLimited(() => {
	retryAt = (Math.floor(Date.now() / 1000) + 3) * 1000;
	return new Date(retryAt).toUTCString();
});
FAULTS['429-retry-after-hour'] = rateLimited(() => '3600');
FAULTS['stall-body'] = stallingBody();

const attemptsOf = (prompt: string) => gateway.edits().filter((request) => request.fields.prompt === prompt);
const item = (prompt: string, seed = 1): TestItem => itemWithImages({ data: photo(seed) }, { prompt });

async function run(prompts: string[], options: Record<string, unknown>) {
	const items = prompts.map((prompt, index) => item(prompt, index));
	return await runNode(gatewayRun(gateway, { prompt: '={{ $json.prompt }}', options } as never, { items }));
}

describe('Retry-After', () => {
	it('waits the seconds the gateway asks for', async () => {
		const prompt = `[[fault:429-retry-after]] [[times:1]] ${Math.random()}`;
		const result = await run([prompt], { maxRetries: 2 });

		expect(result.error).toBeUndefined();
		const [first, retry] = attemptsOf(prompt);
		// Retry-After: 1, where the backoff alone would wait 250-500 ms.
		expect(retry.receivedAt - (first.closedAt as number)).toBeGreaterThanOrEqual(950);
	});

	it('waits until the HTTP date the gateway names', async () => {
		const prompt = `[[fault:429-retry-after-date]] [[times:1]] ${Math.random()}`;
		const result = await run([prompt], { maxRetries: 2 });

		expect(result.error).toBeUndefined();
		const [, retry] = attemptsOf(prompt);
		expect(retry.receivedAt).toBeGreaterThanOrEqual(retryAt - 20);
	});

	it('reports a wait longer than the cap instead of waiting', async () => {
		const prompt = `[[fault:429-retry-after-hour]] ${Math.random()}`;
		const result = await run([prompt], { maxRetries: 3 });

		expect(result.error?.message).toContain('Item 0: The gateway is rate limiting requests (429)');
		expect(attemptsOf(prompt)).toHaveLength(1);
	});
});

describe('what is retried', () => {
	it.each(['401', '403', '404', '413', '422'])('does not retry %s', async (fault) => {
		const prompt = `[[fault:${fault}]] ${Math.random()}`;
		const result = await run([prompt], { maxRetries: 3 });

		expect(result.error?.message).toContain(`(${fault})`);
		expect(attemptsOf(prompt)).toHaveLength(1);
	});

	it.each(['408', '429', '500', '502', '503', '504', 'html-524', 'reset-before', 'reset-mid-body', 'truncated'])(
		'retries %s and recovers',
		async (fault) => {
			const prompt = `[[fault:${fault}]] [[times:1]] ${Math.random()}`;
			const result = await run([prompt], { maxRetries: 1 });

			expect(result.error).toBeUndefined();
			expect(result.items[0].binary?.data).toBeDefined();
			expect(attemptsOf(prompt)).toHaveLength(2);
		},
	);
});

describe('timeouts', () => {
	it('gives up on an answer that stops coming, after the timeout', async () => {
		const prompt = `[[fault:stall-body]] ${Math.random()}`;
		const result = await run([prompt], { timeout: 1, maxRetries: 0 });

		expect(result.error?.message).toBe('Item 0: The gateway did not answer within 1 s');
	});
});

/** The most of `requests` open at one moment between `from` and `to`. */
function mostOpenBetween(requests: ReceivedRequest[], from: number, to: number): number {
	const edges = requests.flatMap((request) => {
		const start = Math.max(request.receivedAt, from);
		const end = Math.min(request.closedAt as number, to);
		return start < end ? [{ at: start, change: 1 }, { at: end, change: -1 }] : [];
	});
	edges.sort((a, b) => a.at - b.at || a.change - b.change);
	let open = 0;
	let most = 0;
	for (const { change } of edges) most = Math.max(most, (open += change));
	return most;
}

describe('retries and concurrency', () => {
	it('lends the slot of an item waiting to retry to the other items', async () => {
		const waiting = `[[fault:429-retry-after]] [[times:1]] ${Math.random()}`;
		const others = Array.from({ length: 12 }, (_, index) => `[[delay:200]] other ${index} ${Math.random()}`);
		const result = await run([waiting, ...others], { concurrency: 2, maxRetries: 1 });

		expect(result.error).toBeUndefined();
		expect(result.items.map((output) => output.pairedItem)).toEqual([waiting, ...others].map((_, index) => ({ item: index })));
		expect(gateway.inFlight().max).toBe(2);
		const [first, retry] = attemptsOf(waiting);
		const otherRequests = gateway.edits().filter((request) => request.fields.prompt !== waiting);
		// Both slots kept working while the item waited out its Retry-After ...
		expect(mostOpenBetween(otherRequests, first.closedAt as number, retry.receivedAt)).toBe(2);
		// ... and it got a slot back before the other items were all through.
		expect(retry.receivedAt).toBeLessThan(Math.max(...otherRequests.map((request) => request.receivedAt)));
	});
});
