/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * A lock between processes: a directory that only one caller can create, holding its PID.
 * A lock whose owner died (or never wrote its PID within a minute) is taken over.
 */
import fs from 'node:fs';
import path from 'node:path';

const LOCK_WAIT_MS = 30 * 60_000;

/** Waits for the lock and returns its release. */
export async function acquireLock(lockDir: string): Promise<() => void> {
	fs.mkdirSync(path.dirname(lockDir), { recursive: true });
	const ownerFile = path.join(lockDir, 'pid');
	const deadline = Date.now() + LOCK_WAIT_MS;
	let announced = false;
	for (;;) {
		// With `recursive`, mkdir reports instead of throwing whether it created the folder; only
		// one of several concurrent callers gets a path back.
		if (fs.mkdirSync(lockDir, { recursive: true }) !== undefined) {
			fs.writeFileSync(ownerFile, String(process.pid));
			return () => fs.rmSync(lockDir, { recursive: true, force: true });
		}
		const owner = readOwner(ownerFile);
		if (owner === undefined ? ageMs(lockDir) > 60_000 : !isAlive(owner)) {
			logLock(`removing stale lock ${lockDir} (owner ${owner ?? 'unknown'} is gone)`);
			fs.rmSync(lockDir, { recursive: true, force: true });
			continue;
		}
		if (Date.now() > deadline) throw new Error(`timed out waiting for lock ${lockDir}`);
		if (!announced) logLock(`waiting for lock ${lockDir} held by pid ${owner ?? '?'}`);
		announced = true;
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
}

/** Undefined while the owner is still writing its PID (or died before it could). */
function readOwner(ownerFile: string): number | undefined {
	try {
		const pid = Number.parseInt(fs.readFileSync(ownerFile, 'utf8'), 10);
		return Number.isNaN(pid) ? undefined : pid;
	} catch {
		return undefined;
	}
}

function ageMs(file: string): number {
	try {
		return Date.now() - fs.statSync(file).mtimeMs;
	} catch {
		return 0;
	}
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error: unknown) {
		return !isErrorCode(error, 'ESRCH');
	}
}

function isErrorCode(error: unknown, code: string): boolean {
	return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

function logLock(message: string): void {
	process.stderr.write(`[n8n-e2e] ${message}\n`);
}
