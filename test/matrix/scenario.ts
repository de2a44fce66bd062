/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/**
 * One cell of the fault matrix: a fault, a single item or a 20-item batch run with concurrency,
 * with or without "Continue On Fail", run in n8n's engine and judged item by item.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { binaryBuffer, runNode, type RunResult, type TestItem } from '../harness/engine';
import { gatewayRun, itemWithImages, photo } from '../harness/fixtures';
import { secretPaths } from '../harness/secrets';
import type { Gateway } from '../gateway/server';
import type { FaultCase, Outcome } from './cases';

export interface Scenario {
	id: string;
	fault: FaultCase;
	/** `recovered`: the fault hits only the first attempt ([[times:1]]), so a retry must succeed. */
	variant: 'permanent' | 'recovered';
	batch: boolean;
	continueOnFail: boolean;
}

export interface Verdict {
	scenario: Scenario;
	/** Every item got its image (`recovered`), or every faulty item was reported as expected. */
	result: 'recovered' | 'reported' | 'wrong';
	/** An item went missing, out of order, unpaired or with a damaged image, or the run hung. */
	lost: boolean;
	leaks: string[];
	problems: string[];
}

const BATCH_SIZE = 20;
const FAULTY_IN_BATCH = new Set([1, 7, 8, 14, 19]);
const TIME_BOUND_MS = 20_000;
/** Faults that are not about waiting must not be judged by how busy the machine is: a long "Timeout". */
const OPTIONS = { maxRetries: 1, timeout: 15, maxDownloadMb: 1, concurrency: 5 };

export function scenariosOf(faults: FaultCase[]): Scenario[] {
	return faults.flatMap((fault) =>
		(fault.transient ? (['permanent', 'recovered'] as const) : (['permanent'] as const)).flatMap((variant) =>
			[false, true].flatMap((batch) =>
				[false, true].map((continueOnFail) => ({
					id: `${fault.name}/${variant}/${batch ? 'batch' : 'single'}/${continueOnFail ? 'continue' : 'stop'}`,
					fault,
					variant,
					batch,
					continueOnFail,
				})),
			),
		),
	);
}

interface Plan {
	items: TestItem[];
	prompts: string[];
	expected: Outcome[];
}

function plan({ id, fault, variant, batch }: Scenario): Plan {
	const count = batch ? BATCH_SIZE : 1;
	const plan: Plan = { items: [], prompts: [], expected: [] };
	for (let index = 0; index < count; index++) {
		const faulty = !batch || FAULTY_IN_BATCH.has(index);
		const directive = faulty && !fault.badItem ? `[[fault:${fault.name}]] ${variant === 'recovered' ? '[[times:1]] ' : ''}` : '';
		const prompt = `${directive}${faulty ? 'faulty' : 'healthy'} ${id} #${index}`;
		plan.prompts.push(prompt);
		plan.items.push(faulty && fault.badItem ? fault.badItem(prompt, index) : itemWithImages({ data: photo(index) }, { prompt }));
		plan.expected.push(faulty && variant === 'permanent' ? fault.outcome : { kind: 'image' });
	}
	return plan;
}

async function withinBound(run: Promise<RunResult>): Promise<RunResult | undefined> {
	let timer: NodeJS.Timeout | undefined;
	const bound = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), TIME_BOUND_MS)));
	try {
		return await Promise.race([run, bound]);
	} finally {
		clearTimeout(timer);
	}
}

/** The image the gateway answered the last attempt of each of `prompts` with. */
function imagesReturned(gateway: Gateway, prompts: string[]): Map<string, Buffer> {
	const wanted = new Set(prompts);
	const images = new Map<string, Buffer>();
	for (const request of gateway.received) {
		if (wanted.has(request.fields.prompt) && request.returned.length > 0) images.set(request.fields.prompt, request.returned[0]);
	}
	return images;
}

async function checkImage(item: INodeExecutionData, expected: Buffer | undefined): Promise<string | undefined> {
	const binary = item.binary?.data;
	if (!binary) return `no image (${JSON.stringify(item.json).slice(0, 300)})`;
	if (!expected) return 'the gateway has no record of returning an image';
	return (await binaryBuffer(binary)).equals(expected) ? undefined : 'image bytes differ from what the gateway returned';
}

function checkReported(index: number, outcome: Outcome, message: unknown, description: unknown): string[] {
	if (outcome.kind === 'image') return [];
	const problems: string[] = [];
	const prefix = `Item ${index}: `;
	const text = String(message);
	if (!text.startsWith(prefix) || !outcome.message.test(text.slice(prefix.length))) {
		problems.push(`item ${index}: message ${JSON.stringify(text)} does not match ${prefix}${outcome.message}`);
	}
	if (typeof description !== 'string' || !outcome.fix.test(description)) {
		problems.push(`item ${index}: description ${JSON.stringify(description)} does not match ${outcome.fix}`);
	}
	return problems;
}

/** With "Continue On Fail", or with no failure at all: one output per input, in order, paired, intact. */
async function judgeItems(gateway: Gateway, result: RunResult, planned: Plan, verdict: Verdict): Promise<void> {
	const returned = imagesReturned(gateway, planned.prompts);
	if (result.items.length !== planned.items.length) {
		verdict.lost = true;
		verdict.problems.push(`${result.items.length} outputs for ${planned.items.length} inputs`);
		return;
	}
	for (const [index, item] of result.items.entries()) {
		if (JSON.stringify(item.pairedItem) !== JSON.stringify({ item: index })) {
			verdict.lost = true;
			verdict.problems.push(`output ${index} is paired with ${JSON.stringify(item.pairedItem)}`);
		}
		const outcome = planned.expected[index];
		if (outcome.kind === 'image') {
			const problem = await checkImage(item, returned.get(planned.prompts[index]));
			if (problem) {
				verdict.lost = true;
				verdict.problems.push(`item ${index}: ${problem}`);
			}
			continue;
		}
		if (item.binary) verdict.problems.push(`item ${index}: an error item carries a binary`);
		verdict.problems.push(...checkReported(index, outcome, item.json.error, item.json.description));
	}
}

function judgeStopped(result: RunResult, planned: Plan, verdict: Verdict): void {
	const first = planned.expected.findIndex((outcome) => outcome.kind !== 'image');
	const outcome = planned.expected[first];
	const error = result.error;
	if (!error) {
		verdict.problems.push(`no error, ${result.items.length} outputs`);
		return;
	}
	if (error.name !== outcome.kind) verdict.problems.push(`error class ${error.name}, expected ${outcome.kind}`);
	verdict.problems.push(...checkReported(first, outcome, error.message, error.description));
	if (result.items.length > 0) verdict.problems.push(`the failed node still output ${result.items.length} items`);
}

export async function runScenario(gateway: Gateway, scenario: Scenario): Promise<Verdict> {
	const planned = plan(scenario);
	const verdict: Verdict = { scenario, result: 'wrong', lost: false, leaks: [], problems: [] };
	const result = await withinBound(
		runNode(
			gatewayRun(
				gateway,
				{ prompt: '={{ $json.prompt }}', options: { ...OPTIONS, timeout: scenario.fault.timeout ?? OPTIONS.timeout } },
				{ items: planned.items, continueOnFail: scenario.continueOnFail },
			),
		),
	);
	if (!result) {
		verdict.lost = true;
		verdict.problems.push(`did not finish within ${TIME_BOUND_MS / 1000} s`);
		return verdict;
	}
	verdict.leaks = secretPaths(
		{ items: result.items, error: result.error, resultData: result.run.data.resultData },
		gateway.apiKey,
	);
	const failing = planned.expected.some((outcome) => outcome.kind !== 'image');
	if (failing && !scenario.continueOnFail) judgeStopped(result, planned, verdict);
	else if (result.error) verdict.problems.push(`unexpected error ${result.error.name}: ${result.error.message}`);
	else await judgeItems(gateway, result, planned, verdict);

	if (verdict.problems.length === 0) verdict.result = failing ? 'reported' : 'recovered';
	return verdict;
}
