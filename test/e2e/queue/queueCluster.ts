/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * n8n in queue mode on one machine: one main (`n8n start`: UI, REST, webhooks, enqueues) and
 * workers (`n8n worker`: run the executions), sharing one user folder (community packages,
 * config), one Redis and one PostgreSQL. n8n 2.41.1 accepts SQLite in queue mode with a warning,
 * but three processes writing one SQLite file failed executions with "SQLITE_BUSY: database is
 * locked" under these 30 concurrent webhooks (2 callers got a 500 in one of a dozen runs). The
 * binary data mode is `database` (n8n's queue-mode default, stated explicitly): every process
 * reads the binaries the others wrote.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';

import { freePorts } from '../harness/n8nEnv';
import type { N8nHome, RunningN8n } from '../harness/n8nProcess';
import { sleep } from '../harness/processes';
import type { PostgresServer } from './postgres';
import type { RedisServer } from './redis';

export interface QueueCluster {
	main: RunningN8n;
	workers: RunningN8n[];
}

/** What every process of the cluster (and every CLI call in its home) shares. */
export function queueModeEnv(redis: RedisServer, postgres: PostgresServer): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_DATABASE: postgres.database,
		N8N_DEFAULT_BINARY_DATA_MODE: 'database',
		// Credentials are encrypted by one process and decrypted by another.
		N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
		// One JSON object per line: worker logs are read to tell which worker ran what.
		N8N_LOG_FORMAT: 'json',
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
	};
}

/** Starts the main and `workers` workers (each running up to `concurrency` executions). */
export async function startQueueCluster(
	home: N8nHome,
	options: { workers: number; concurrency: number },
): Promise<QueueCluster> {
	const workerStarts = Array.from({ length: options.workers }, async (_, index) => {
		const [brokerPort, healthPort] = await freePorts(2);
		return await home.startCommand(['worker', `--concurrency=${options.concurrency}`], {
			baseUrl: `http://127.0.0.1:${healthPort}`,
			env: {
				// Every process starts its own task-runner broker.
				N8N_RUNNERS_BROKER_PORT: String(brokerPort),
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(healthPort),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				// Workers in one folder would otherwise share (and rotate) one event log file.
				N8N_EVENTBUS_LOGWRITER_LOGFULLPATH: path.join(
					home.userFolder,
					`n8nEventLog-worker-${index + 1}.log`,
				),
			},
		});
	});
	const [main, ...workers] = await Promise.all([home.start(), ...workerStarts]);
	return { main, workers };
}

/**
 * Waits until the main serves the production webhook at `webhookPath` for `method`. A CORS
 * preflight lists the path's registered methods without running anything or logging an error
 * (a plain request to a path not yet registered logs one).
 */
export async function whenWebhookLive(
	main: RunningN8n,
	webhookPath: string,
	method: string,
	timeoutMs = 30_000,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const response = await fetch(`${main.baseUrl}/webhook/${webhookPath}`, {
			method: 'OPTIONS',
			headers: { origin: 'http://127.0.0.1' },
		});
		const allowed = response.headers.get('access-control-allow-methods') ?? '';
		if (allowed.split(/,\s*/).includes(method)) return;
		if (Date.now() > deadline) {
			const logs = main.logs().slice(-8000);
			throw new Error(`${method} /webhook/${webhookPath} not live after ${timeoutMs} ms:\n${logs}`);
		}
		await sleep(250);
	}
}
