/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/** How a benchmark case process gets its input from bench/run.ts and hands back its figures. */
import type { GatewayCredentials } from '../../test/harness/execution';

export const RESULT_MARKER = 'BENCH_RESULT ';
const INPUT_VARIABLE = 'BENCH_CASE_INPUT';

export interface CaseInput {
	/** The gateway the measured run talks to. */
	gateway: GatewayCredentials;
	/** A plain gateway for warming up, so the first run's one-off costs are not measured. */
	warmup: GatewayCredentials;
	/** Files the case reads its inputs from. */
	files?: string[];
}

export const caseInputEnv = (input: CaseInput) => ({ [INPUT_VARIABLE]: JSON.stringify(input) });

export function readCaseInput(): CaseInput {
	const text = process.env[INPUT_VARIABLE];
	if (!text) throw new Error(`${INPUT_VARIABLE} is not set: cases are started by bench/run.ts`);
	return JSON.parse(text) as CaseInput;
}

/** Runs a case and prints its figures as the one line bench/run.ts looks for. */
export function runCase(measure: () => Promise<object>): void {
	measure().then(
		(figures) => {
			process.stdout.write(`${RESULT_MARKER}${JSON.stringify(figures)}\n`);
			process.exit(0);
		},
		(error: unknown) => {
			process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
			process.exit(1);
		},
	);
}
