/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * A throw-away Redis for n8n's queue: Debian's redis-server on a free loopback port, without
 * persistence, tracked like every harness process (stopped by `stopAll()` or `stop()`).
 */
import net from 'node:net';
import os from 'node:os';

import { freePorts } from '../harness/n8nEnv';
import { sleep, spawnTracked, terminate } from '../harness/processes';
import { ensureDebianPackage, findOnPath } from './debian';

export interface RedisServer {
	port: number;
	pid: number;
	stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 20_000;

export async function startRedis(): Promise<RedisServer> {
	const binary = await ensureDebianPackage('redis-server', () => findOnPath('redis-server'));
	const [port] = await freePorts(1);
	const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
	const env = { PATH: process.env.PATH ?? '' };
	// Its working folder is where it would write dump files; none are written with --save ''.
	const entry = spawnTracked(binary, [...args, '--dir', os.tmpdir()], env);
	const output: string[] = [];
	entry.child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
	entry.child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));

	const deadline = Date.now() + READY_TIMEOUT_MS;
	while (!(await answersPing(port))) {
		if (entry.child.exitCode !== null || Date.now() > deadline) {
			await terminate(entry);
			throw new Error(`redis-server did not come up on port ${port}:\n${output.join('')}`);
		}
		await sleep(100);
	}
	return { port, pid: entry.pid, stop: async () => await terminate(entry) };
}

/** True when a Redis on `port` answers PING with PONG. */
async function answersPing(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		let reply = '';
		const done = (ok: boolean): void => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1000, () => done(false));
		socket.on('error', () => done(false));
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk: Buffer) => {
			reply += chunk.toString();
			if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
		});
	});
}
