/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions */
/**
 * Drives a real n8n (see install.ts) in a throw-away N8N_USER_FOLDER: imports credentials and
 * workflows, runs workflows with `n8n execute`, and starts `n8n start` for webhook tests.
 *
 * Our package is installed the way n8n's community-node installer leaves it: the `npm pack`
 * tarball unpacked into `.n8n/nodes/node_modules/<name>` and listed in `.n8n/nodes/package.json`.
 * Processes are tracked by processes.ts: call `stopAll()` from jest's `afterAll`.
 * Set NANO_BANANA_E2E_KEEP=1 to keep the temporary user folders for debugging.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { WorkflowJson } from '../../harness/workflowJson';

import type { N8nInstall } from './install';
import { freePorts, isolatedEnv, type LogLevel } from './n8nEnv';
import {
	collect,
	onExit,
	processTreeRss,
	sleep,
	spawnTracked,
	terminate,
	type CliResult,
	type Tracked,
} from './processes';
import { extractRunJson, stripColors, type RunJson } from './runOutput';

export { stopAll, type CliResult } from './processes';
export type { RunJson } from './runOutput';
export type { LogLevel } from './n8nEnv';

export const PACKAGE_NAME = 'n8n-nodes-nano-banana';

export interface N8nHomeOptions {
	/** `npm pack` output to install as a community package; omitted: n8n without our package. */
	packageTarball?: string;
	/** Folder the Read/Write Files node may use; defaults to an empty `fixtures/` in the home. */
	fixturesDir?: string;
	/** `debug` makes n8n log which packages it loaded (see `hasLoadedPackage`). */
	logLevel?: LogLevel;
	/** Where the temporary user folder is created; defaults to the OS temp folder. */
	parentDir?: string;
	/** Extra variables, applied last. */
	env?: Record<string, string>;
}

export interface CredentialJson {
	/** At most 21 characters. */
	id: string;
	name: string;
	/** Credential type name, e.g. `nanoBananaApi`. */
	type: string;
	/** Plain values; n8n encrypts them on import. */
	data: ICredentialDataDecryptedObject;
}

export type { WorkflowJson };

export interface N8nHome {
	install: N8nInstall;
	userFolder: string;
	fixturesDir: string;
	env: Record<string, string>;
	baseUrl: string;
	/** Runs `n8n <args>` in this home (with its own task-runner port). */
	cli(args: string[], options?: { timeoutMs?: number }): Promise<CliResult>;
	importCredentials(credentials: CredentialJson[]): Promise<void>;
	/** Returns the workflow's id. */
	importWorkflow(workflow: WorkflowJson): Promise<string>;
	/** The run, also when the workflow failed (see `data.resultData.error`). */
	execute(workflowId: string): Promise<RunJson>;
	/** Makes the workflow's production webhooks live at the next `start()`. */
	publish(workflowId: string): Promise<void>;
	start(options?: { timeoutMs?: number }): Promise<RunningN8n>;
	/**
	 * Starts a long-running `n8n <args>` (e.g. `['worker', '--concurrency=5']`) in this home with
	 * `env` on top of the home's, and waits for `<baseUrl>/healthz/readiness` (default: the home's
	 * own URL; a worker answers on its QUEUE_HEALTH_CHECK_PORT once QUEUE_HEALTH_CHECK_ACTIVE=true).
	 */
	startCommand(args: string[], options?: StartCommandOptions): Promise<RunningN8n>;
	/** Stops what this home started and removes its folder. */
	dispose(): Promise<void>;
}

export interface StartCommandOptions {
	env?: Record<string, string>;
	baseUrl?: string;
	timeoutMs?: number;
}

export interface RunningN8n {
	baseUrl: string;
	pid: number;
	/** Time from spawn to the first 200 from /healthz/readiness. */
	readyAfterMs: number;
	/** Calls `/webhook/<path>`, retrying the 404 n8n answers until the webhook is registered. */
	webhook(
		webhookPath: string,
		init?: RequestInit,
		options?: { timeoutMs?: number },
	): Promise<Response>;
	/** stdout and stderr so far. */
	logs(): string;
	hasLoadedPackage(packageName?: string): boolean;
	/** Resident memory of n8n, and of n8n with its children (task runners), in bytes. */
	rss(): { main: number; total: number };
	stop(): Promise<void>;
}

const CLI_TIMEOUT_MS = 180_000;
const READY_TIMEOUT_MS = 120_000;
const WEBHOOK_REGISTRATION_MS = 30_000;
const NOT_LIVE_YET = /is not registered|Cannot [A-Z]+ \/webhook\//;

const homes = new Set<string>();
onExit(() => [...homes].forEach(removeHome));

/** Creates an isolated n8n user folder, optionally with our package installed in it. */
export async function createN8nHome(
	install: N8nInstall,
	options: N8nHomeOptions = {},
): Promise<N8nHome> {
	const parentDir = options.parentDir ?? os.tmpdir();
	fs.mkdirSync(parentDir, { recursive: true });
	const userFolder = fs.mkdtempSync(path.join(parentDir, `n8n-e2e-${install.version}-`));
	homes.add(userFolder);
	const fixturesDir = options.fixturesDir ?? path.join(userFolder, 'fixtures');
	fs.mkdirSync(fixturesDir, { recursive: true });
	if (options.packageTarball) installPackage(userFolder, options.packageTarball);

	const [port, brokerPort] = await freePorts(2);
	const env = {
		...isolatedEnv(install, { userFolder, fixturesDir, logLevel: options.logLevel ?? 'info' }),
		N8N_PORT: String(port),
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		...options.env,
	};
	const baseUrl = `http://127.0.0.1:${port}`;
	const started = new Set<Tracked>();

	const cli = async (args: string[], cliOptions: { timeoutMs?: number } = {}) => {
		// A broker port of its own lets a command run while `n8n start` holds the home's one.
		const [cliBrokerPort] = await freePorts(1);
		const cliEnv = { ...env, N8N_RUNNERS_BROKER_PORT: String(cliBrokerPort) };
		const entry = spawnTracked(install.nodeBin, [install.n8nEntry, ...args], cliEnv);
		return await collect(entry, cliOptions.timeoutMs ?? CLI_TIMEOUT_MS);
	};
	const cliOrThrow = async (args: string[]): Promise<CliResult> => {
		const result = await cli(args);
		if (result.code !== 0) throw new Error(describeFailure(`n8n ${args.join(' ')}`, result));
		return result;
	};

	const startCommand = async (
		args: string[],
		commandOptions: StartCommandOptions = {},
	): Promise<RunningN8n> => {
		const commandEnv = { ...env, ...commandOptions.env };
		const entry = spawnTracked(install.nodeBin, [install.n8nEntry, ...args], commandEnv);
		started.add(entry);
		const readyUrl = commandOptions.baseUrl ?? baseUrl;
		return await whenReady(entry, readyUrl, commandOptions.timeoutMs ?? READY_TIMEOUT_MS);
	};

	return {
		install,
		userFolder,
		fixturesDir,
		env,
		baseUrl,
		cli,
		async importCredentials(credentials) {
			const file = writeJson(userFolder, 'credentials', credentials);
			await cliOrThrow(['import:credentials', `--input=${file}`]);
		},
		async importWorkflow(workflow) {
			const id = workflow.id ?? randomId();
			const file = writeJson(userFolder, 'workflow', { active: false, ...workflow, id });
			await cliOrThrow(['import:workflow', `--input=${file}`]);
			return id;
		},
		async execute(workflowId) {
			const result = await cli(['execute', `--id=${workflowId}`, '--rawOutput']);
			const run = extractRunJson(result.stdout);
			if (!run) throw new Error(describeFailure(`n8n execute --id=${workflowId}`, result));
			return run;
		},
		async publish(workflowId) {
			await cliOrThrow(
				install.line === '2'
					? ['publish:workflow', `--id=${workflowId}`]
					: ['update:workflow', `--id=${workflowId}`, '--active=true'],
			);
		},
		async start(startOptions = {}) {
			return await startCommand(['start'], startOptions);
		},
		startCommand,
		async dispose() {
			await Promise.all([...started].map(terminate));
			removeHome(userFolder);
		},
	};
}

/** True when n8n's output says it loaded the package (needs log level debug). */
export function hasLoadedPackage(output: string, packageName = PACKAGE_NAME): boolean {
	return stripColors(output).includes(`Loaded all credentials and nodes from ${packageName}`);
}

/**
 * Unpacks the tarball into `.n8n/nodes/node_modules/<name>` and lists it in `.n8n/nodes/package.json`,
 * replacing an earlier install (n8n must be stopped: it loads packages at start-up).
 */
export function installPackage(userFolder: string, tarball: string): void {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const unpacked = path.join(nodesDir, 'unpacked');
	fs.mkdirSync(unpacked, { recursive: true });
	execFileSync('tar', ['-xzf', path.resolve(tarball), '-C', unpacked, '--strip-components=1']);
	const manifestPath = path.join(unpacked, 'package.json');
	const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as {
		name: string;
		version: string;
	};
	const target = path.join(nodesDir, 'node_modules', manifest.name);
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(path.dirname(target), { recursive: true });
	fs.renameSync(unpacked, target);
	const dependencies = { [manifest.name]: manifest.version };
	const nodesManifest = { name: 'installed-nodes', private: true, dependencies };
	fs.writeFileSync(
		path.join(nodesDir, 'package.json'),
		`${JSON.stringify(nodesManifest, null, 2)}\n`,
	);
}

async function whenReady(entry: Tracked, baseUrl: string, timeoutMs: number): Promise<RunningN8n> {
	const spawnedAt = Date.now();
	const output: string[] = [];
	for (const stream of [entry.child.stdout, entry.child.stderr]) {
		stream?.setEncoding('utf8');
		stream?.on('data', (chunk: string) => output.push(chunk));
	}
	const logs = (): string => output.join('');

	const failure = await waitForReadiness(entry, baseUrl, timeoutMs);
	if (failure !== undefined) {
		await terminate(entry);
		throw new Error(`${failure}\n--- n8n output ---\n${logs().slice(-8000)}`);
	}

	return {
		baseUrl,
		pid: entry.pid,
		readyAfterMs: Date.now() - spawnedAt,
		webhook: async (webhookPath, init, options) =>
			await callWebhook(
				`${baseUrl}/webhook/${webhookPath.replace(/^\/+/, '')}`,
				init,
				options?.timeoutMs,
			),
		logs,
		hasLoadedPackage: (packageName) => hasLoadedPackage(logs(), packageName),
		rss: () => processTreeRss(entry.pid),
		stop: async () => await terminate(entry),
	};
}

/** Undefined once /healthz/readiness answers 200, else why it never did. */
async function waitForReadiness(
	entry: Tracked,
	baseUrl: string,
	timeoutMs: number,
): Promise<string | undefined> {
	const deadline = Date.now() + timeoutMs;
	let exited = false;
	void entry.exited.then(() => (exited = true));
	while (Date.now() < deadline) {
		if (exited)
			return `n8n exited (${entry.child.exitCode ?? entry.child.signalCode}) before it was ready`;
		try {
			const response = await fetch(`${baseUrl}/healthz/readiness`, {
				signal: AbortSignal.timeout(2000),
			});
			if (response.status === 200) return undefined;
		} catch {
			// Not listening yet.
		}
		await sleep(250);
	}
	return `n8n was not ready at ${baseUrl} within ${timeoutMs / 1000} s`;
}

/**
 * n8n answers /healthz/readiness before its webhooks are live. For a few seconds a call gets a
 * 404: "... is not registered" (2.x and 1.x), and on 1.x first Express's own "Cannot GET
 * /webhook/..." because the route is not mounted yet. Those answers are retried, so the body
 * must be re-sendable (string, Buffer, FormData; not a stream).
 */
async function callWebhook(
	url: string,
	init: RequestInit = {},
	timeoutMs = WEBHOOK_REGISTRATION_MS,
): Promise<Response> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const response = await fetch(url, init);
		if (response.status !== 404) return response;
		const body = await response.text();
		if (!NOT_LIVE_YET.test(body) || Date.now() > deadline) {
			const { status, statusText, headers } = response;
			return new Response(body, { status, statusText, headers });
		}
		await sleep(500);
	}
}

function writeJson(userFolder: string, prefix: string, value: unknown): string {
	const dir = path.join(userFolder, 'imports');
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `${prefix}-${randomId()}.json`);
	fs.writeFileSync(file, JSON.stringify(value));
	return file;
}

function removeHome(userFolder: string): void {
	homes.delete(userFolder);
	if (process.env.NANO_BANANA_E2E_KEEP) return;
	fs.rmSync(userFolder, { recursive: true, force: true });
}

/** 16 characters from n8n's id alphabet, like the ids the editor creates. */
function randomId(): string {
	const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
	const pick = (): string => alphabet[Math.floor(Math.random() * alphabet.length)];
	return Array.from({ length: 16 }, pick).join('');
}

function describeFailure(command: string, result: CliResult): string {
	const { code, stdout, stderr } = result;
	return `${command} exited with ${code}\n--- stdout ---\n${stdout.slice(-6000)}\n--- stderr ---\n${stderr.slice(-6000)}`;
}
