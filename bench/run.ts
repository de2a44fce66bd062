/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * `npm run bench`: the cases of issue 4, each in a process of its own and each against a gateway
 * in a process of its own (test/gateway/cli.ts), side by side in one run. Prints a table and
 * writes bench/results.json.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { arch, cpus, platform, tmpdir } from 'node:os';
import { join } from 'node:path';

import { caseInputEnv, type CaseInput } from './support/caseIo';
import { writeLargePngs } from './support/inputs';
import { runCaseProcess, ROOT, startGatewayProcess, type GatewayOptions, type GatewayProcess } from './support/processes';
import { evaluate, formatTable, MiB, passedOf, targetsOf, type Figures } from './support/report';

const UPLOAD = { images: 4, bytes: 40 * MiB };

/** Each case: its entry, arguments and gateway. */
const CASES: Array<{ name: string; entry: string; args?: string[]; gateway: GatewayOptions; files?: true }> = [
	{ name: 'concurrency', entry: 'bench/cases/concurrency.ts', gateway: { latencyMs: 200 } },
	{ name: 'upload', entry: 'bench/cases/memory.ts', args: ['upload'], gateway: {}, files: true },
	{ name: 'download', entry: 'bench/cases/memory.ts', args: ['download'], gateway: { imageBytes: 64 * MiB } },
	{ name: 'b64', entry: 'bench/cases/memory.ts', args: ['b64'], gateway: { imageBytes: 16 * MiB } },
	{ name: 'overhead', entry: 'bench/cases/overhead.ts', gateway: {} },
	{ name: 'vsHttpRequestNode', entry: 'bench/cases/vsHttpRequestNode.ts', gateway: { latencyMs: 500, imageBytes: 4 * MiB } },
];

async function main(): Promise<void> {
	const results: Record<string, unknown> = {
		generatedAt: new Date().toISOString(),
		machine: { cpus: cpus().length, node: process.version, platform: `${platform()} ${arch()}` },
	};
	const failures: string[] = [];
	const inputDir = mkdtempSync(join(tmpdir(), 'nano-banana-bench-inputs-'));
	const warmup = await startGatewayProcess();
	try {
		const files = writeLargePngs(inputDir, UPLOAD.images, UPLOAD.bytes);
		for (const spec of CASES) {
			process.stderr.write(`bench: ${spec.name} ...\n`);
			let gateway: GatewayProcess | undefined;
			try {
				gateway = await startGatewayProcess(spec.gateway);
				const input: CaseInput = { gateway, warmup, files: spec.files ? files : undefined };
				results[spec.name] = await runCaseProcess<Figures>(spec.entry, spec.args ?? [], caseInputEnv(input));
			} catch (error) {
				// A crashed case is reported; the others still run.
				const message = error instanceof Error ? error.message : String(error);
				failures.push(`${spec.name}: ${message}`);
				results[spec.name] = { error: message.slice(0, 2000) };
			} finally {
				await gateway?.stop();
			}
		}
	} finally {
		await warmup.stop();
		rmSync(inputDir, { recursive: true, force: true });
	}

	const outcomes = evaluate(results);
	Object.assign(results, { targets: targetsOf(outcomes), passed: passedOf(outcomes) });
	const file = join(ROOT, 'bench', 'results.json');
	writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
	process.stdout.write(
		`\nNano Banana Edit benchmark (${cpus().length} CPUs, Node ${process.version})\n\n${formatTable(outcomes)}\n\nFigures: ${file}\n`,
	);
	for (const failure of failures) process.stdout.write(`\nCase failed: ${failure}\n`);
	if (failures.length > 0 || !outcomes.every((outcome) => outcome.passed)) process.exitCode = 1;
}

void main();
