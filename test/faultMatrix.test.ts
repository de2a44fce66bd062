/* eslint-disable no-console, @n8n/community-nodes/no-restricted-globals */
/**
 * The fault matrix: every fault of the local gateway and of the local Google fake, every failing
 * reference-image URL and every kind of bad input, each with a single item and in a 20-item batch
 * run with concurrency, each with and without "Continue On Fail", in n8n's engine. Counted per run
 * (cell of the matrix):
 *   recovered  every item got its image (retried, redirect followed, data: URL decoded ...)
 *   reported   every faulty item was reported with the right class, "Item N: ..." and a fix
 *   lost       an item went missing, out of order, unpaired or damaged, or the run hung
 *   leaked     the API key appeared in an output, an error, the run data, a log line or a request
 *              to the image host
 */
import { FAULTS } from './gateway/faults';
import { startGoogleFake } from './gateway/google';
import { GOOGLE_FAULTS } from './gateway/googleFaults';
import { startImageHost } from './gateway/imageHost';
import { startGateway } from './gateway/server';
import { captureConsole, secretPaths, type LogCapture } from './harness/secrets';
import { COVERED_ELSEWHERE, GATEWAY_CASES, GOOGLE_CASES, GOOGLE_COVERED_ELSEWHERE, INPUT_CASES, URL_CASES } from './matrix/cases';
import { runScenario, scenariosOf, type MatrixServers, type Scenario, type Verdict } from './matrix/scenario';

const RUNS_AT_ONCE = 12;
const cases = [...GATEWAY_CASES, ...GOOGLE_CASES, ...URL_CASES, ...INPUT_CASES];

let servers: MatrixServers;
let logs: LogCapture;
let verdicts: Verdict[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);

async function inPool<T, R>(tasks: T[], size: number, run: (task: T) => Promise<R>): Promise<R[]> {
	const results: R[] = new Array(tasks.length);
	let next = 0;
	const worker = async () => {
		while (next < tasks.length) {
			const index = next++;
			results[index] = await run(tasks[index]);
		}
	};
	await Promise.all(Array.from({ length: size }, worker));
	return results;
}

/** Cells that wait out a "Timeout" start first, so that none of them ends the matrix alone. */
const slowestFirst = (scenarios: Scenario[]) =>
	[...scenarios].sort((a, b) => (b.fault.timeout ?? 0) - (a.fault.timeout ?? 0));

beforeAll(async () => {
	process.on('unhandledRejection', onUnhandled);
	const [gateway, google, host] = await Promise.all([startGateway(), startGoogleFake(), startImageHost()]);
	servers = { gateway, google, host };
	logs = captureConsole();
	try {
		verdicts = await inPool(slowestFirst(scenariosOf(cases)), RUNS_AT_ONCE, async (scenario) => await runScenario(servers, scenario));
	} finally {
		logs.restore();
	}
}, 120_000);

afterAll(async () => {
	process.off('unhandledRejection', onUnhandled);
	await Promise.all([servers.gateway.close(), servers.google.close(), servers.host.close()]);
});

it('has a row for every fault the gateway can inject', () => {
	const covered = [...GATEWAY_CASES.map((fault) => fault.name), ...COVERED_ELSEWHERE].sort();
	expect(covered).toEqual(Object.keys(FAULTS).sort());
});

it('has a row for every fault the Google fake can inject', () => {
	const covered = new Set([...GOOGLE_CASES.map((fault) => fault.fault), ...GOOGLE_COVERED_ELSEWHERE]);
	expect([...covered].sort()).toEqual(Object.keys(GOOGLE_FAULTS).sort());
});

it.each(cases.map((fault) => [fault.name]))('%s: reported or recovered in every cell', (name) => {
	const problems = verdicts
		.filter((verdict) => verdict.scenario.fault.name === name)
		.flatMap((verdict) => verdict.problems.map((problem) => `${verdict.scenario.id}: ${problem}`));
	expect(problems).toEqual([]);
});

it('loses no item, leaks no key and leaves no rejection unhandled', () => {
	const logLeaks = [servers.gateway.apiKey, servers.google.apiKey].flatMap((apiKey) => secretPaths(logs.calls, apiKey));
	const count = (result: Verdict['result']) => verdicts.filter((verdict) => verdict.result === result).length;
	const lost = verdicts.filter((verdict) => verdict.lost).length;
	const leaked = verdicts.filter((verdict) => verdict.leaks.length > 0).length + logLeaks.length;
	console.log(
		`fault matrix: tried=${verdicts.length} recovered=${count('recovered')} reported=${count('reported')} lost=${lost} leaked=${leaked}`,
	);
	expect(verdicts.flatMap((verdict) => verdict.leaks.map((path) => `${verdict.scenario.id}: ${path}`))).toEqual([]);
	expect(logLeaks).toEqual([]);
	expect(lost).toBe(0);
	expect(leaked).toBe(0);
	expect(unhandled).toEqual([]);
	expect(count('recovered') + count('reported')).toBe(verdicts.length);
});
