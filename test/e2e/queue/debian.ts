/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * Servers the queue-mode scenario needs from Debian (redis-server, PostgreSQL): found where
 * Debian puts them, or installed with apt-get when missing, which needs root (as on CI).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { cacheRoot } from '../harness/install';
import { acquireLock } from '../harness/lock';

const run = promisify(execFile);
const APT_TIMEOUT_MS = 10 * 60_000;

/** What `locate` finds, installing Debian's `aptPackage` first when it finds nothing. */
export async function ensureDebianPackage(
	aptPackage: string,
	locate: () => string | undefined,
): Promise<string> {
	const found = locate();
	if (found) return found;
	if (process.getuid?.() !== 0) {
		throw new Error(`${aptPackage} is missing: install it with \`apt-get install ${aptPackage}\``);
	}
	// apt-get fails instead of waiting when another apt-get holds its lock: queue callers here.
	const release = await acquireLock(path.join(cacheRoot(), 'apt.lock'));
	try {
		if (!locate()) await aptInstall(aptPackage);
	} finally {
		release();
	}
	const installed = locate();
	if (!installed) throw new Error(`apt-get installed ${aptPackage}, but it is still not found`);
	return installed;
}

/** `command` on PATH or in the system bin folders (a non-login PATH may lack sbin). */
export function findOnPath(command: string): string | undefined {
	const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/bin'];
	return dirs
		.filter((dir) => dir !== '')
		.map((dir) => path.join(dir, command))
		.find(isExecutable);
}

export function isExecutable(file: string): boolean {
	try {
		fs.accessSync(file, fs.constants.X_OK);
		return fs.statSync(file).isFile();
	} catch {
		return false;
	}
}

async function aptInstall(aptPackage: string): Promise<void> {
	const started = Date.now();
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const options = { env, timeout: APT_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 };
	await run('apt-get', ['update', '-qq'], options);
	await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', aptPackage], options);
	const seconds = ((Date.now() - started) / 1000).toFixed(1);
	process.stderr.write(`[n8n-e2e] apt-get install ${aptPackage}: ${seconds} s\n`);
}
