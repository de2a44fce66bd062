/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * A throw-away PostgreSQL cluster for n8n's database: Debian's server binaries, initdb into a
 * temporary folder, TCP on a free loopback port only (no Unix socket), trust authentication,
 * durability off. PostgreSQL refuses to run as root, so under root it runs as Debian's
 * `postgres` account. Tracked like every harness process; the folder goes on stop or exit.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { freePorts } from '../harness/n8nEnv';
import { collect, onExit, spawnTracked, terminate, type SpawnAs } from '../harness/processes';
import { ensureDebianPackage, isExecutable } from './debian';

export interface PostgresServer {
	port: number;
	pid: number;
	user: string;
	database: string;
	stop(): Promise<void>;
}

const DEBIAN_VERSIONS_DIR = '/usr/lib/postgresql';
const SUPERUSER = 'postgres';
const READY = 'database system is ready to accept connections';
const READY_TIMEOUT_MS = 30_000;

export async function startPostgres(): Promise<PostgresServer> {
	const binDir = await ensureDebianPackage('postgresql', newestDebianBinDir);
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-postgres-'));
	const removeData = (): void => fs.rmSync(dataDir, { recursive: true, force: true });
	onExit(removeData);
	const as: SpawnAs = { ...serverAccount(), cwd: dataDir };
	if (as.uid !== undefined && as.gid !== undefined) fs.chownSync(dataDir, as.uid, as.gid);
	const env = { PATH: process.env.PATH ?? '', LANG: 'C' };

	const initdbArgs = ['-D', dataDir, '-U', SUPERUSER, '--auth=trust', '--locale=C', '--no-sync'];
	const initdbEntry = spawnTracked(path.join(binDir, 'initdb'), initdbArgs, env, as);
	const initdb = await collect(initdbEntry, 60_000);
	if (initdb.code !== 0) throw new Error(`initdb failed:\n${initdb.stdout}${initdb.stderr}`);

	const [port] = await freePorts(1);
	const settings = {
		listen_addresses: '127.0.0.1',
		unix_socket_directories: '',
		fsync: 'off',
		synchronous_commit: 'off',
		full_page_writes: 'off',
	};
	const serverArgs = ['-D', dataDir, '-p', String(port)];
	for (const [name, value] of Object.entries(settings)) serverArgs.push('-c', `${name}=${value}`);
	const server = spawnTracked(path.join(binDir, 'postgres'), serverArgs, env, as);
	const stop = async (): Promise<void> => {
		await terminate(server);
		removeData();
	};
	const output = await untilReady(server.child.stderr, server.exited);
	if (!output.includes(READY)) {
		await stop();
		throw new Error(`postgres did not get ready on port ${port}:\n${output}`);
	}
	return { port, pid: server.pid, user: SUPERUSER, database: SUPERUSER, stop };
}

/** The bin folder of the newest PostgreSQL Debian installed (/usr/lib/postgresql/<major>/bin). */
function newestDebianBinDir(): string | undefined {
	if (!fs.existsSync(DEBIAN_VERSIONS_DIR)) return undefined;
	return fs
		.readdirSync(DEBIAN_VERSIONS_DIR)
		.filter((version) => /^\d+$/.test(version))
		.sort((a, b) => Number(b) - Number(a))
		.map((version) => path.join(DEBIAN_VERSIONS_DIR, version, 'bin'))
		.find((dir) => ['initdb', 'postgres'].every((name) => isExecutable(path.join(dir, name))));
}

/** Root: Debian's `postgres` account; anyone else runs the server as themselves. */
function serverAccount(): SpawnAs {
	if (process.getuid?.() !== 0) return {};
	const entry = fs
		.readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.map((line) => line.split(':'))
		.find(([name]) => name === SUPERUSER);
	if (!entry) throw new Error(`no "${SUPERUSER}" account to run PostgreSQL as (it refuses root)`);
	return { uid: Number(entry[2]), gid: Number(entry[3]) };
}

/** The server's log until it says it is ready, exits, or the timeout passes. */
async function untilReady(
	stderr: NodeJS.ReadableStream | null,
	exited: Promise<void>,
): Promise<string> {
	let output = '';
	let timer: NodeJS.Timeout | undefined;
	await Promise.race([
		new Promise<void>((resolve) => {
			stderr?.on('data', (chunk: Buffer) => {
				output += chunk.toString();
				if (output.includes(READY)) resolve();
			});
		}),
		exited,
		new Promise<void>((resolve) => (timer = setTimeout(resolve, READY_TIMEOUT_MS))),
	]);
	clearTimeout(timer);
	return output;
}
