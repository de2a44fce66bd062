/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/**
 * One cell of the fault matrix: a fault, a single item or a 20-item batch run with concurrency,
 * with or without "Continue On Fail", run in n8n's engine and judged item by item.
 */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { GoogleFake } from '../gateway/google';
import type { ImageHost } from '../gateway/imageHost';
import type { Gateway } from '../gateway/server';
import { binaryBuffer, runNode, type RunOptions, type RunResult, type TestItem } from '../harness/engine';
import { gatewayRun, itemWithImages, photo } from '../harness/fixtures';
import { googleRun } from '../harness/google';
import { secretPaths } from '../harness/secrets';
import type { CellHost, FaultCase, Outcome } from './cases';

/** The local servers the cells run against. */
export interface MatrixServers {
	gateway: Gateway;
	google: GoogleFake;
	host: ImageHost;
}

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
	/** The reference images each item must send, in order, when it gets its image. */
	references: Buffer[][];
	/** How the items give their reference images: as binaries (none needed) or as URLs. */
	parameters: INodeParameters;
}

const URL_PARAMETERS: INodeParameters = { inputImages: 'urls', imageUrls: '={{ $json.imageUrls }}' };

/** The image host's paths for one cell, in a folder named after it. */
function cellHost(host: ImageHost, folder: string): CellHost {
	const at = (name: string) => `${folder}/${name}`;
	return {
		add: (name, file) => host.add(at(name), file),
		redirect: (name, targetUrl) => host.redirect(at(name), targetUrl),
		url: (name) => `${host.url}${at(name)}`,
	};
}

const folderOf = (scenario: Scenario) => `/matrix/${scenario.id.replace(/[^\w-]+/g, '-')}`;

/** Item `index` of a URL-input cell: a good hosted image, and the fault's URL after it when faulty. */
function urlItem(fault: FaultCase, host: CellHost, prompt: string, index: number, faulty: boolean) {
	const good = host.add(`${index}.png`, { body: photo(index), contentType: 'image/png' });
	const bad = faulty ? fault.badReference?.(host, index) : undefined;
	return {
		item: { json: { prompt, imageUrls: bad ? [good, bad.url] : [good] } },
		references: bad?.bytes ? [photo(index), bad.bytes] : [photo(index)],
	};
}

function plan(scenario: Scenario, host: CellHost): Plan {
	const { id, fault, variant, batch } = scenario;
	const count = batch ? BATCH_SIZE : 1;
	const plan: Plan = { items: [], prompts: [], expected: [], references: [], parameters: fault.badReference ? URL_PARAMETERS : {} };
	const byPrompt = !fault.badItem && !fault.badReference;
	const directives = [`[[fault:${fault.fault ?? fault.name}]]`, fault.directives, variant === 'recovered' ? '[[times:1]]' : undefined];
	for (let index = 0; index < count; index++) {
		const faulty = !batch || FAULTY_IN_BATCH.has(index);
		const directive = faulty && byPrompt ? `${directives.filter(Boolean).join(' ')} ` : '';
		const prompt = `${directive}${faulty ? 'faulty' : 'healthy'} ${id} #${index}`;
		const { item, references } = fault.badReference
			? urlItem(fault, host, prompt, index, faulty)
			: { item: faulty && fault.badItem ? fault.badItem(prompt, index) : itemWithImages({ data: photo(index) }, { prompt }), references: [photo(index)] };
		plan.prompts.push(prompt);
		plan.items.push(item);
		plan.references.push(references);
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

/** One request the node made to the gateway or the Google fake: the prompt, the images sent and returned. */
interface Attempt {
	prompt?: string;
	sent: Buffer[];
	returned: Buffer[];
}

function attemptsAt(servers: MatrixServers, fault: FaultCase): Attempt[] {
	if (fault.provider === 'google') {
		return servers.google.generations().map(({ generation, returned }) => ({
			prompt: generation?.prompt,
			sent: generation?.images.map((image) => image.data) ?? [],
			returned,
		}));
	}
	return servers.gateway.received.map(({ fields, files, returned }) => ({ prompt: fields.prompt, sent: files.map((file) => file.data), returned }));
}

/** The last attempt of each of `prompts` that an image was returned to. */
function answeredAttempts(servers: MatrixServers, fault: FaultCase, prompts: string[]): Map<string, Attempt> {
	const wanted = new Set(prompts);
	const answered = new Map<string, Attempt>();
	for (const attempt of attemptsAt(servers, fault)) {
		if (attempt.prompt !== undefined && wanted.has(attempt.prompt) && attempt.returned.length > 0) answered.set(attempt.prompt, attempt);
	}
	return answered;
}

const sameImages = (a: Buffer[], b: Buffer[]) => a.length === b.length && a.every((bytes, index) => bytes.equals(b[index]));

async function checkImage(item: INodeExecutionData, attempt: Attempt | undefined, references: Buffer[]): Promise<string | undefined> {
	const binary = item.binary?.data;
	if (!binary) return `no image (${JSON.stringify(item.json).slice(0, 300)})`;
	if (!attempt) return 'the server has no record of returning an image';
	if (!sameImages(attempt.sent, references)) return `the server received other reference images than the ${references.length} planned`;
	return (await binaryBuffer(binary)).equals(attempt.returned[0]) ? undefined : 'image bytes differ from what the server returned';
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
async function judgeItems(servers: MatrixServers, scenario: Scenario, result: RunResult, planned: Plan, verdict: Verdict): Promise<void> {
	const answered = answeredAttempts(servers, scenario.fault, planned.prompts);
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
			const problem = await checkImage(item, answered.get(planned.prompts[index]), planned.references[index]);
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

/** The run of a cell: on a credential for the gateway or for the Google fake. */
function runOptions(servers: MatrixServers, scenario: Scenario, planned: Plan): RunOptions {
	const options = { ...OPTIONS, timeout: scenario.fault.timeout ?? OPTIONS.timeout };
	const parameters: INodeParameters = { prompt: '={{ $json.prompt }}', ...planned.parameters, options };
	const rest = { items: planned.items, continueOnFail: scenario.continueOnFail };
	return scenario.fault.provider === 'google' ? googleRun(servers.google, parameters, rest) : gatewayRun(servers.gateway, parameters, rest);
}

export async function runScenario(servers: MatrixServers, scenario: Scenario): Promise<Verdict> {
	const folder = folderOf(scenario);
	const planned = plan(scenario, cellHost(servers.host, folder));
	const verdict: Verdict = { scenario, result: 'wrong', lost: false, leaks: [], problems: [] };
	const result = await withinBound(runNode(runOptions(servers, scenario, planned)));
	if (!result) {
		verdict.lost = true;
		verdict.problems.push(`did not finish within ${TIME_BOUND_MS / 1000} s`);
		return verdict;
	}
	const apiKey = scenario.fault.provider === 'google' ? servers.google.apiKey : servers.gateway.apiKey;
	const downloads = servers.host.requests.filter((request) => request.path.startsWith(`${folder}/`));
	verdict.leaks = secretPaths(
		{ items: result.items, error: result.error, resultData: result.run.data.resultData, downloads },
		apiKey,
	);
	const failing = planned.expected.some((outcome) => outcome.kind !== 'image');
	if (failing && !scenario.continueOnFail) judgeStopped(result, planned, verdict);
	else if (result.error) verdict.problems.push(`unexpected error ${result.error.name}: ${result.error.message}`);
	else await judgeItems(servers, scenario, result, planned, verdict);

	if (verdict.problems.length === 0) verdict.result = failing ? 'reported' : 'recovered';
	return verdict;
}
