/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions */
/**
 * Builds the package and packs it as `npm publish` would, and makes deliberately broken copies of
 * the tarball for the tests that prove n8n really loads what we pack.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../../..');

type Command = [command: string, args: string[]];

const BUILD: Command = ['npm', ['run', 'build']];
const pack = (destDir: string): Command => ['npm', ['pack', '--json', `--pack-destination=${destDir}`]];

function tarballPath(destDir: string, packOutput: string): string {
	const [{ filename }] = JSON.parse(packOutput) as Array<{ filename: string }>;
	return path.join(destDir, filename);
}

/** `npm run build`, then `npm pack` into `destDir`; returns the tarball's path. */
export function buildAndPack(destDir: string): string {
	runSync(BUILD, REPO_ROOT);
	return tarballPath(destDir, runSync(pack(destDir), REPO_ROOT));
}

/** The same without blocking the event loop, so signal handlers (Ctrl-C) run during a build. */
export async function buildAndPackAsync(destDir: string): Promise<string> {
	await run(BUILD, REPO_ROOT);
	return tarballPath(destDir, await run(pack(destDir), REPO_ROOT));
}

export interface PackageManifest {
	name: string;
	version: string;
	n8n: { nodes: string[]; credentials: string[] };
}

/** A copy of `tarball`, named `<label>-<name>.tgz` in `destDir`, whose package.json `edit` changed. */
export async function repackWithManifest(
	tarball: string,
	destDir: string,
	label: string,
	edit: (manifest: PackageManifest) => void,
): Promise<string> {
	const workDir = fs.mkdtempSync(path.join(destDir, 'repack-'));
	await run(['tar', ['-xzf', tarball, '-C', workDir]], destDir);
	const manifestPath = path.join(workDir, 'package', 'package.json');
	const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as PackageManifest;
	edit(manifest);
	fs.writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
	const output = path.join(destDir, `${label}-${path.basename(tarball)}`);
	await run(['tar', ['-czf', output, '-C', workDir, 'package']], destDir);
	fs.rmSync(workDir, { recursive: true, force: true });
	return output;
}

/** Runs a command to completion and returns its stdout; its output is shown only when it fails. */
function runSync([command, args]: Command, cwd: string): string {
	const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
	return checked([command, args], result.status, result.stdout, result.stderr);
}

async function run([command, args]: Command, cwd: string): Promise<string> {
	const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
	const stdout: Buffer[] = [];
	const stderr: Buffer[] = [];
	child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
	child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
	const code = await new Promise<number | null>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', resolve);
	});
	return checked([command, args], code, Buffer.concat(stdout).toString(), Buffer.concat(stderr).toString());
}

function checked([command, args]: Command, code: number | null, stdout: string, stderr: string): string {
	if (code === 0) return stdout;
	const output = `${stdout}${stderr}`.slice(-8000);
	throw new Error(`${command} ${args.join(' ')} failed (exit ${code}):\n${output}`);
}
