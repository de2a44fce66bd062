/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * Case 5: 200 items at zero gateway latency, one at a time: the node's time over a bare
 * in-process fetch + FormData loop sending the same requests and decoding the same answers, the
 * floor for any JavaScript client. Also the node's time over n8n's own floor (see n8nFloor): what
 * any n8n node spends on the same items. Best of five rounds each, alternating, after a warm-up.
 */
import '../support/n8nEnv';

import { join } from 'node:path';

import type { NanoBananaEdit } from '../../nodes/NanoBananaEdit/NanoBananaEdit.node';
import { itemWithImages, photo } from '../../test/harness/fixtures';
import { bareFetch } from '../support/bareFetch';
import { readCaseInput, runCase } from '../support/caseIo';
import { runEdit } from '../support/editRun';
import { n8nFloor } from '../support/n8nFloor';

export const ITEMS = 200;
const ROUNDS = 5;
const image = photo(1);
const prompts = Array.from({ length: ITEMS }, (_, index) => `item ${index}`);
// With its extension: under tsx, "NanoBananaEdit.node" would resolve to the codex JSON file.
const NODE_SOURCE = join(__dirname, '..', '..', 'nodes', 'NanoBananaEdit', 'NanoBananaEdit.node.ts');

/** Runs `run` with n8nFloor in the node's place: the same workflow in the same engine. */
async function asN8nFloor<T>(run: () => Promise<T>): Promise<T> {
	const node = ((await import(NODE_SOURCE)) as { NanoBananaEdit: typeof NanoBananaEdit }).NanoBananaEdit.prototype;
	const execute = node.execute;
	node.execute = n8nFloor;
	try {
		return await run();
	} finally {
		node.execute = execute;
	}
}

runCase(async () => {
	const { gateway } = readCaseInput();
	const items = prompts.map((prompt) => itemWithImages({ data: image }, { prompt }));
	const timings = {
		nodeMs: async () => (await runEdit(gateway, { options: { concurrency: 1 } }, { items })).executionMs,
		n8nFloorMs: async () => await asN8nFloor(async () => (await runEdit(gateway, {}, { items })).executionMs),
		bareFetchMs: async () => await bareFetch(gateway, prompts, image),
	};
	const rounds: Record<keyof typeof timings, number[]> = { nodeMs: [], n8nFloorMs: [], bareFetchMs: [] };
	for (let round = 0; round <= ROUNDS; round++) {
		for (const [name, time] of Object.entries(timings)) {
			const ms = await time();
			// Round 0 warms up.
			if (round > 0) rounds[name as keyof typeof timings].push(ms);
		}
	}
	const best = (name: keyof typeof timings) => Math.min(...rounds[name]);
	return {
		items: ITEMS,
		nodeMs: best('nodeMs'),
		bareFetchMs: best('bareFetchMs'),
		ratioToBareFetch: best('nodeMs') / best('bareFetchMs'),
		n8nFloorMs: best('n8nFloorMs'),
		ratioToN8nFloor: best('nodeMs') / best('n8nFloorMs'),
		rounds,
	};
});
