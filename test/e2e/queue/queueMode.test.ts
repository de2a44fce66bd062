/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/**
 * Scale-out: n8n 2.41.1 in queue mode (Redis, PostgreSQL, one main, two workers, one shared user
 * folder with the package installed the way n8n's community-node installer leaves it) runs the
 * example webhook workflow for 30 concurrent callers, each uploading a different image. Every
 * caller must get back the image the gateway made from its own upload, the workers must share the
 * executions, and nothing may fail. `npm run test:queue` (part of `npm run test:e2e` as well).
 */
import { startGateway, type Gateway } from '../../gateway/server';
import { ensureN8n } from '../harness/install';
import { createN8nHome, stopAll, type N8nHome } from '../harness/n8nProcess';
import { runningInGroup, sleep } from '../harness/processes';
import { exampleCredential, loadExample } from '../support/examples';
import { selectedLines } from '../support/lines';
import { packedTarball } from '../support/session';
import { distinctImages, uploadImage, type CallerResult } from './callers';
import { listExecutions, ownerSession, type ExecutionSummary } from './executions';
import { finishedExecutions, jsonLogEntries, mostAtOnce } from './jsonLog';
import {
	queueModeEnv,
	startQueueCluster,
	whenWebhookLive,
	type QueueCluster,
} from './queueCluster';
import { startPostgres, type PostgresServer } from './postgres';
import { startRedis, type RedisServer } from './redis';

const CALLERS = 30;
const WORKERS = 2;
/** Executions each worker runs at once (`n8n worker --concurrency`); n8n warns below 5. */
const WORKER_CONCURRENCY = 5;
/** Long enough that executions overlap, so that one worker cannot take every job. */
const GATEWAY_LATENCY_MS = 400;
/** The path of the Webhook node in examples/webhook-edit-image.json. */
const WEBHOOK_PATH = 'nano-banana-edit';

const startedAt = Date.now();

// Queue mode is proven on the 2.x line (n8n 2.41.1) only.
const describeOnLine2 = selectedLines().includes('2') ? describe : describe.skip;

describeOnLine2(`n8n 2.41.1 in queue mode: 1 main, ${WORKERS} workers`, () => {
	let redis: RedisServer | undefined;
	let postgres: PostgresServer | undefined;
	let gateway: Gateway | undefined;
	let home: N8nHome | undefined;
	let cluster: QueueCluster;
	let results: CallerResult[];
	/** Per worker: the executions its own log says it finished, by id: success. */
	let workerRuns: Array<Map<string, boolean>>;
	let executions: ExecutionSummary[];

	beforeAll(async () => {
		const install = await ensureN8n('2');
		[redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
		gateway = await startGateway({ latencyMs: GATEWAY_LATENCY_MS });
		const env = queueModeEnv(redis, postgres);
		home = await createN8nHome(install, { packageTarball: packedTarball(), env });
		const { apiKey, url: baseUrl } = gateway;
		await home.importCredentials([exampleCredential({ apiKey, baseUrl })]);
		const workflowId = await home.importWorkflow(loadExample('webhook-edit-image.json'));
		await home.publish(workflowId);

		const clusterAt = Date.now();
		cluster = await startQueueCluster(home, { workers: WORKERS, concurrency: WORKER_CONCURRENCY });
		await whenWebhookLive(cluster.main, WEBHOOK_PATH, 'POST');
		log(`main and ${WORKERS} workers ready in ${seconds(Date.now() - clusterAt)}`);

		const firedAt = Date.now();
		const url = `${cluster.main.baseUrl}/webhook/${WEBHOOK_PATH}`;
		const calls = distinctImages(CALLERS).map(async (image) => await uploadImage(url, image));
		results = await Promise.all(calls);
		log(`${CALLERS} concurrent calls answered in ${seconds(Date.now() - firedAt)}`);

		workerRuns = await workerLogsOfAll(cluster, CALLERS);
		const cookie = await ownerSession(cluster.main.baseUrl);
		executions = await listExecutions(cluster.main.baseUrl, cookie, workflowId);
		const atOnce = cluster.workers.map((worker) => mostAtOnce(worker.logs()));
		log(`executions per worker: ${workerRuns.map((run) => run.size).join(', ')}`);
		log(`most at once per worker: ${atOnce.join(', ')}`);
	}, 20 * 60_000);

	afterAll(async () => {
		try {
			await home?.dispose();
			await gateway?.close();
		} finally {
			await stopAll();
			await postgres?.stop();
			log(`wall time ${seconds(Date.now() - startedAt)}`);
		}
	}, 60_000);

	it('gives every caller the image the gateway edited from its own upload', () => {
		const failed = results.filter((result) => result.status !== 200);
		const answers = failed.map(({ status, body }) => `${status}: ${body.toString().slice(0, 500)}`);
		expect(answers).toEqual([]);
		expect(results.filter((result) => result.contentType !== 'image/png')).toEqual([]);
		const edits = gateway?.edits() ?? [];
		expect(edits).toHaveLength(CALLERS);
		for (const result of results) {
			const ownEdits = edits.filter((edit) => edit.files[0]?.data.equals(result.upload));
			expect(ownEdits).toHaveLength(1);
			expect(ownEdits[0].returned).toHaveLength(1);
			expect(result.body.equals(ownEdits[0].returned[0])).toBe(true);
		}
		// Distinct uploads give distinct answers, so a mix-up between callers cannot go unseen.
		expect(new Set(results.map((result) => result.body.toString('base64'))).size).toBe(CALLERS);
	});

	it('ran every recorded execution on exactly one worker, and each worker took some', () => {
		const ranOn = new Map<string, number>();
		for (const run of workerRuns) {
			expect(run.size).toBeGreaterThan(0);
			for (const id of run.keys()) ranOn.set(id, (ranOn.get(id) ?? 0) + 1);
		}
		expect([...ranOn.values()].filter((count) => count !== 1)).toEqual([]);
		expect(new Set(ranOn.keys())).toEqual(new Set(executions.map((execution) => execution.id)));
		const mainMessages = jsonLogEntries(cluster.main.logs()).map((entry) => entry.message);
		expect(mainMessages).not.toContainEqual(expect.stringMatching(/^Worker (started|finished)/));
	});

	it('ran several executions at once in each worker process, up to its concurrency', () => {
		// Executions sharing one process would be where state kept in module scope leaks.
		for (const worker of cluster.workers) {
			const most = mostAtOnce(worker.logs());
			expect(most).toBeGreaterThan(1);
			expect(most).toBeLessThanOrEqual(WORKER_CONCURRENCY);
		}
	});

	it('recorded every execution as a successful webhook run', () => {
		expect(executions.map(({ mode, status }) => `${mode} ${status}`)).toEqual(
			Array.from({ length: CALLERS }, () => 'webhook success'),
		);
		for (const run of workerRuns) expect([...run.values()].every(Boolean)).toBe(true);
	});

	it('logged no error in the main or the workers', () => {
		const errors = [cluster.main, ...cluster.workers]
			.flatMap((process) => jsonLogEntries(process.logs()))
			.filter((entry) => entry.level === 'error');
		expect(errors).toEqual([]);
	});

	it('leaves no process running once stopped', async () => {
		const groups = [cluster.main.pid, ...cluster.workers.map((worker) => worker.pid)];
		for (const server of [redis, postgres]) if (server) groups.push(server.pid);
		// n8n first: it still talks to Redis and PostgreSQL while it shuts down.
		await Promise.all([cluster.main, ...cluster.workers].map(async (n8n) => await n8n.stop()));
		await Promise.all([redis?.stop(), postgres?.stop()]);
		await stopAll();
		// Each process leads its own group, which its task runners belong to as well.
		expect(groups.flatMap(runningInGroup)).toEqual([]);
	});
});

/** A worker answers the webhook before it logs the end of the execution: wait for the logs. */
async function workerLogsOfAll(
	{ workers }: QueueCluster,
	expected: number,
): Promise<Array<Map<string, boolean>>> {
	const deadline = Date.now() + 30_000;
	for (;;) {
		const runs = workers.map((worker) => finishedExecutions(worker.logs()));
		const total = runs.reduce((sum, run) => sum + run.size, 0);
		if (total >= expected || Date.now() > deadline) return runs;
		await sleep(200);
	}
}

function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(1)} s`;
}

function log(message: string): void {
	process.stderr.write(`[queue-e2e] ${message}\n`);
}
