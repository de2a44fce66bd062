/**
 * Case 1: 40 items through a gateway answering after 200 ms, 8 at a time and one at a time.
 * Figures: wall time over the ideal ceil(40 / 8) x 200 ms, and the speed-up over sequential;
 * each the best of a few runs, after a warm-up, so that a busy machine disturbs them less. For
 * scale, the same over the ideal for a bare fetch client 8 at a time (see bareFetch).
 */
import '../support/n8nEnv';

import { itemWithImages, photo } from '../../test/harness/fixtures';
import { bareFetch } from '../support/bareFetch';
import { readCaseInput, runCase } from '../support/caseIo';
import { runEdit } from '../support/editRun';

export const ITEMS = 40;
export const LATENCY_MS = 200;
export const CONCURRENCY = 8;
const RUNS = { parallel: 3, sequential: 2, bareFetch: 3 };

async function best(runs: number, run: () => Promise<number>): Promise<number> {
	const times: number[] = [];
	for (let index = 0; index < runs; index++) times.push(await run());
	return Math.min(...times);
}

runCase(async () => {
	const { gateway, warmup } = readCaseInput();
	const prompts = Array.from({ length: ITEMS }, (_, index) => `item ${index}`);
	const items = prompts.map((prompt, index) => itemWithImages({ data: photo(index) }, { prompt }));
	const timeAt = async (concurrency: number) => (await runEdit(gateway, { options: { concurrency } }, { items })).executionMs;

	await runEdit(warmup, { options: { concurrency: CONCURRENCY } }, { items });
	const wallMs = await best(RUNS.parallel, async () => await timeAt(CONCURRENCY));
	const sequentialMs = await best(RUNS.sequential, async () => await timeAt(1));
	const bareFetchMs = await best(RUNS.bareFetch, async () => await bareFetch(gateway, prompts, photo(0), CONCURRENCY));

	const idealMs = Math.ceil(ITEMS / CONCURRENCY) * LATENCY_MS;
	return {
		items: ITEMS,
		latencyMs: LATENCY_MS,
		concurrency: CONCURRENCY,
		wallMs,
		idealMs,
		wallOverIdeal: wallMs / idealMs,
		sequentialMs,
		speedupOverSequential: sequentialMs / wallMs,
		bareFetchWallOverIdeal: Math.round(bareFetchMs) / idealMs,
	};
});
