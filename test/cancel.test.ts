/* eslint-disable @n8n/community-nodes/no-restricted-globals */
import { runNode, type TestItem } from './harness/engine';
import { watchExecution, type ExecutionWatch } from './harness/executionWatch';
import { gatewayRun, itemWithImages, photo } from './harness/fixtures';
import { FAULTS } from './gateway/faults';
import { startGateway, type Gateway } from './gateway/server';
import { rateLimited, stallingBody } from './gateway/timingFaults';

/** Far longer than a prompt cancel may take, far shorter than the test timeout. */
const PROMPTLY_MS = 5000;

const pause = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
		await pause(10);
	}
}

let gateway: Gateway;
let watch: ExecutionWatch;
beforeEach(async () => {
	gateway = await startGateway();
	watch = watchExecution(['getBinaryMetadata', 'getBinaryStream', 'httpRequestWithAuthentication']);
});
afterEach(async () => {
	watch.restore();
	await gateway.close();
});

/** Requests the node began to send, whether or not they reached the gateway. */
const requestsSent = () => watch.calls.filter((call) => call.name === 'httpRequestWithAuthentication').length;
/** Binary reads and requests the node made from `at` on. */
const workSince = (at: number) => watch.calls.filter((call) => call.at >= at).map((call) => call.name);
/** The node has made no call for a while: the items it started are waiting, not getting ready. */
const idle = () => Date.now() - (watch.calls[watch.calls.length - 1]?.at ?? 0) > 150;

const items = (count: number, prompt: string): TestItem[] =>
	Array.from({ length: count }, (_, index) => itemWithImages({ data: photo(index) }, { prompt: `${prompt} ${index}` }));

/** Runs the node and cancels the execution, like the editor's stop button, once `ready` holds. */
async function runAndCancelWhen(
	ready: () => boolean,
	parameters: Record<string, unknown>,
	input: TestItem[],
	continueOnFail = false,
) {
	let cancelledAt = 0;
	const result = await runNode(
		gatewayRun(gateway, { prompt: '={{ $json.prompt }}', ...parameters } as never, {
			items: input,
			continueOnFail,
			onStarted: (cancel) =>
				void until(ready, 'the run is ready to be cancelled').then(() => {
					cancelledAt = Date.now();
					cancel();
				}),
		}),
	);
	return { result, cancelledAt };
}

describe('cancelling the execution', () => {
	it.each([false, true])(
		'aborts the requests in flight, starts no other item, and the node returns promptly (continue on fail: %s)',
		async (continueOnFail) => {
			const { result, cancelledAt } = await runAndCancelWhen(
				() => gateway.inFlight().now === 2 && idle(),
				{ options: { concurrency: 2, maxRetries: 3 } },
				items(6, '[[fault:hang]]'),
				continueOnFail,
			);
			expect(result.run.status).toBe('canceled');
			expect((await watch.settled) - cancelledAt).toBeLessThan(PROMPTLY_MS);
			// The gateway never answers these requests: only the client can have closed them.
			await until(() => gateway.inFlight().now === 0, 'the gateway saw both connections close', PROMPTLY_MS);
			await pause(500);
			expect(gateway.edits()).toHaveLength(2);
			expect(requestsSent()).toBe(2);
			expect(workSince(cancelledAt)).toEqual([]);
		},
	);

	it('stops the items waiting to retry and sends nothing more', async () => {
		FAULTS['429-retry-after-15s'] = rateLimited(() => '15');
		// Each item lends its slot to the next while it waits, so all three end up waiting.
		const { result, cancelledAt } = await runAndCancelWhen(
			() => gateway.edits().filter((request) => request.closedAt !== undefined).length === 3 && idle(),
			{ options: { concurrency: 1, maxRetries: 5 } },
			items(3, '[[fault:429-retry-after-15s]]'),
		);
		expect(result.run.status).toBe('canceled');
		expect((await watch.settled) - cancelledAt).toBeLessThan(PROMPTLY_MS);
		await pause(500);
		expect(gateway.edits()).toHaveLength(3);
		expect(workSince(cancelledAt)).toEqual([]);
	});

	it('stops reading an answer that is still coming in', async () => {
		let bodyStarted = 0;
		FAULTS['stall-body'] = stallingBody(() => (bodyStarted = Date.now()));
		const { result, cancelledAt } = await runAndCancelWhen(
			() => bodyStarted > 0 && Date.now() - bodyStarted > 200,
			{ options: { maxRetries: 0 } },
			items(1, '[[fault:stall-body]]'),
		);
		expect(result.run.status).toBe('canceled');
		expect((await watch.settled) - cancelledAt).toBeLessThan(PROMPTLY_MS);
		await until(() => gateway.inFlight().now === 0, 'the gateway saw the connection close', PROMPTLY_MS);
	});
});
