/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions */
/**
 * Child processes of the end-to-end harness. Each one runs in its own process group, so that
 * stopping it also ends whatever it spawned (n8n's task runners), and is tracked until it exits:
 * `stopAll()` is for jest's `afterAll`; on process exit or SIGINT/SIGTERM/SIGHUP the groups are
 * killed as well.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

export interface Tracked {
	child: ChildProcess;
	pid: number;
	exited: Promise<void>;
}

export interface CliResult {
	stdout: string;
	stderr: string;
	code: number | null;
}

const STOP_GRACE_MS = 15_000;

const tracked = new Set<Tracked>();
const exitCleanups: Array<() => void> = [];
let exitHooksInstalled = false;

/** As whom and where to run a process (uid/gid need root; e.g. servers that refuse root). */
export interface SpawnAs {
	uid?: number;
	gid?: number;
	cwd?: string;
}

export function spawnTracked(
	command: string,
	args: string[],
	env: Record<string, string>,
	as: SpawnAs = {},
): Tracked {
	installExitHooks();
	const stdio: ['ignore', 'pipe', 'pipe'] = ['ignore', 'pipe', 'pipe'];
	const child = spawn(command, args, { ...as, env, detached: true, stdio });
	if (child.pid === undefined) throw new Error(`could not start ${command}`);
	const entry: Tracked = {
		child,
		pid: child.pid,
		exited: new Promise((resolve) => child.once('exit', () => resolve())),
	};
	tracked.add(entry);
	void entry.exited.then(() => tracked.delete(entry));
	return entry;
}

/** Collects the output of a tracked process until it ends; stops it after `timeoutMs`. */
export async function collect(entry: Tracked, timeoutMs: number): Promise<CliResult> {
	const stdout: Buffer[] = [];
	const stderr: Buffer[] = [];
	entry.child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
	entry.child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
	const timer = setTimeout(() => void terminate(entry), timeoutMs);
	const code = await new Promise<number | null>((resolve) => entry.child.once('close', resolve));
	clearTimeout(timer);
	return {
		stdout: Buffer.concat(stdout).toString(),
		stderr: Buffer.concat(stderr).toString(),
		code,
	};
}

/** SIGTERM to the process group, SIGKILL after a grace period, then waits for the exit. */
export async function terminate(entry: Tracked): Promise<void> {
	if (entry.child.exitCode === null && entry.child.signalCode === null) {
		signalGroup(entry.pid, 'SIGTERM');
		// A pending grace timer would keep jest from exiting, so it is cleared once the process is gone.
		let graceTimer: NodeJS.Timeout | undefined;
		const stopped = await Promise.race([
			entry.exited.then(() => true),
			new Promise<boolean>((resolve) => (graceTimer = setTimeout(resolve, STOP_GRACE_MS, false))),
		]);
		clearTimeout(graceTimer);
		if (!stopped) signalGroup(entry.pid, 'SIGKILL');
		await entry.exited;
	}
	// Children that outlived their parent (e.g. a task runner) are still in its group.
	signalGroup(entry.pid, 'SIGKILL');
}

/** Stops every process the harness started and that is still running. */
export async function stopAll(): Promise<void> {
	await Promise.all([...tracked].map(terminate));
}

/** Runs `cleanup` synchronously when the test process exits (after the groups are killed). */
export function onExit(cleanup: () => void): void {
	installExitHooks();
	exitCleanups.push(cleanup);
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// The group is already gone.
	}
}

function installExitHooks(): void {
	if (exitHooksInstalled) return;
	exitHooksInstalled = true;
	const killAll = (): void => {
		for (const entry of tracked) signalGroup(entry.pid, 'SIGKILL');
		for (const cleanup of exitCleanups) cleanup();
	};
	process.once('exit', killAll);
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.once(signal, () => {
			killAll();
			// Our listener is gone now, so this ends the process the way the signal would have.
			process.kill(process.pid, signal);
		});
	}
}

/** Resident memory of `pid` and of `pid` plus its descendants, in bytes (Linux /proc). */
export function processTreeRss(pid: number): { main: number; total: number } {
	const children = new Map<number, number[]>();
	for (const name of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		const parent = readStat(name)?.parentPid;
		if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), Number(name)]);
	}
	let total = 0;
	const queue = [pid];
	for (let current = queue.pop(); current !== undefined; current = queue.pop()) {
		total += readRss(current);
		queue.push(...(children.get(current) ?? []));
	}
	return { main: readRss(pid), total };
}

/**
 * Processes still running (Linux /proc) in the process group `groupId`, e.g. a tracked process's
 * own group (see spawnTracked). Zombies have ended and are not counted.
 */
export function runningInGroup(groupId: number): number[] {
	return fs
		.readdirSync('/proc')
		.filter((name) => /^\d+$/.test(name))
		.filter((name) => {
			const stat = readStat(name);
			return stat?.groupId === groupId && stat.state !== 'Z';
		})
		.map(Number);
}

function readStat(pid: string): { state: string; parentPid: number; groupId: number } | undefined {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The command name (field 2) may contain spaces; the fields after its ")" do not.
		const [state, parentPid, groupId] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return { state, parentPid: Number(parentPid), groupId: Number(groupId) };
	} catch {
		return undefined;
	}
}

function readRss(pid: number): number {
	try {
		const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
		return match ? Number(match[1]) * 1024 : 0;
	} catch {
		return 0;
	}
}

export async function sleep(ms: number): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, ms));
}
