/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions */
/** The processes bench/run.ts starts: gateways and benchmark cases, each a TypeScript entry run by tsx. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import type { GatewayCredentials } from '../../test/harness/execution';
import { RESULT_MARKER } from './caseIo';

export const ROOT = join(__dirname, '..', '..');

const running = new Set<ChildProcess>();
process.on('exit', () => running.forEach((child) => child.kill('SIGKILL')));

function startTs(entry: string, args: string[], env: Record<string, string> = {}): ChildProcess {
	const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(ROOT, entry), ...args], {
		cwd: ROOT,
		env: { ...process.env, ...env },
		stdio: ['pipe', 'pipe', 'pipe'],
	});
	running.add(child);
	child.on('exit', () => running.delete(child));
	return child;
}

async function firstLine(child: ChildProcess, matches: (line: string) => boolean): Promise<string | undefined> {
	const lines = createInterface({ input: child.stdout! });
	for await (const line of lines) if (matches(line)) return line;
	return undefined;
}

export interface GatewayProcess extends GatewayCredentials {
	baseUrl: string;
	stop(): Promise<void>;
}

export interface GatewayOptions {
	latencyMs?: number;
	imageBytes?: number;
}

/** Starts test/gateway/cli.ts in a process of its own. */
export async function startGatewayProcess(options: GatewayOptions = {}): Promise<GatewayProcess> {
	const args = ['--latency', String(options.latencyMs ?? 0)];
	if (options.imageBytes) args.push('--image-bytes', String(options.imageBytes));
	const child = startTs('test/gateway/cli.ts', args);
	child.stderr!.pipe(process.stderr);
	const line = await firstLine(child, (text) => text.startsWith('{'));
	if (!line) throw new Error('The gateway process ended before it listened');
	const { url, apiKey } = JSON.parse(line) as { url: string; apiKey: string };
	const stop = async () => {
		const exited = new Promise((resolve) => child.once('exit', resolve));
		child.stdin!.end();
		await exited;
	};
	return { baseUrl: url, apiKey, stop };
}

/** Runs one case file in a fresh process and returns the figures it reported. */
export async function runCaseProcess<T>(entry: string, args: string[], env: Record<string, string>): Promise<T> {
	const child = startTs(entry, args, env);
	const errors: Buffer[] = [];
	child.stderr!.on('data', (chunk: Buffer) => errors.push(chunk));
	const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
	const line = await firstLine(child, (text) => text.startsWith(RESULT_MARKER));
	const code = await exited;
	if (!line || code !== 0) {
		throw new Error(`${entry} ${args.join(' ')} failed (exit ${code}):\n${Buffer.concat(errors).toString().slice(-4000)}`);
	}
	return JSON.parse(line.slice(RESULT_MARKER.length)) as T;
}
