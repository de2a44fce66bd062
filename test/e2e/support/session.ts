/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error */
/**
 * One n8n home per test file and line: the packed package installed, a local gateway on a free
 * loopback port, the examples' credential pointing at it, and the fixture images in place.
 */
import fs from 'node:fs';

import { startGateway, type Gateway, type ReceivedRequest } from '../../gateway/server';
import { ensureN8n, type N8nLine } from '../harness/install';
import { createN8nHome, stopAll, type CredentialJson, type N8nHome, type RunJson } from '../harness/n8nProcess';
import { exampleCredential } from './examples';
import { writeFixtures } from './fixtures';

export { importWorkflows } from './importWorkflows';

export interface E2eSession {
	gateway: Gateway;
	home: N8nHome;
}

/** The tarball jest's global setup packed (see globalSetup.ts). */
export function packedTarball(): string {
	const tarball = process.env.NANO_BANANA_E2E_TARBALL;
	if (!tarball || !fs.existsSync(tarball)) {
		throw new Error('No packed tarball: run the suite with `npm run test:e2e` (its global setup packs it)');
	}
	return tarball;
}

/** `credentials` are imported with the examples' one, in the same `n8n import:credentials`. */
export async function openSession(
	line: N8nLine,
	tarball = packedTarball(),
	credentials: CredentialJson[] = [],
): Promise<E2eSession> {
	const install = await ensureN8n(line);
	const gateway = await startGateway();
	let home: N8nHome | undefined;
	try {
		// debug: n8n only logs which community packages it loaded at that level.
		home = await createN8nHome(install, { packageTarball: tarball, logLevel: 'debug' });
		writeFixtures(home.fixturesDir);
		await home.importCredentials([exampleCredential({ apiKey: gateway.apiKey, baseUrl: gateway.url }), ...credentials]);
		return { gateway, home };
	} catch (error) {
		// An open gateway would keep jest from exiting; afterAll's stopAll ends the processes.
		await home?.dispose();
		await gateway.close();
		throw error;
	}
}

/** For afterAll: stops every process by PID even when setup failed half-way. */
export async function closeSession(session: E2eSession | undefined): Promise<void> {
	try {
		await session?.home.dispose();
		await session?.gateway.close();
	} finally {
		await stopAll();
	}
}

const SETUP_TIMEOUT_MS = 10 * 60_000;

export interface SessionOptions {
	/** Another tarball than the one the global setup packed. */
	tarball?: () => Promise<string>;
	/** More credentials, imported with the examples' one (each CLI start costs seconds). */
	credentials?: () => CredentialJson[];
}

/**
 * Registers beforeAll/afterAll for a describe block: a session on `line`, set up further by
 * `prepare`, and closed (every process stopped) whatever happened. Returns the session's getter.
 */
export function useSession(
	line: N8nLine,
	prepare: (session: E2eSession) => Promise<void>,
	options: SessionOptions = {},
): () => E2eSession {
	let session: E2eSession | undefined;
	beforeAll(async () => {
		session = await openSession(line, await options.tarball?.(), options.credentials?.());
		await prepare(session);
	}, SETUP_TIMEOUT_MS);
	afterAll(async () => await closeSession(session), 60_000);
	return () => {
		if (!session) throw new Error(`the n8n ${line} session could not be set up (see beforeAll)`);
		return session;
	};
}

/** What `action` returned, with the gateway requests made meanwhile (the tests run one at a time). */
export async function recordRequests<T>(
	session: E2eSession,
	action: () => Promise<T>,
): Promise<{ result: T; requests: ReceivedRequest[] }> {
	const before = session.gateway.received.length;
	const result = await action();
	return { result, requests: session.gateway.received.slice(before) };
}

/** Runs a workflow with `n8n execute` and returns the run with the gateway requests it made. */
export async function executeWorkflow(
	session: E2eSession,
	workflowId: string,
): Promise<{ run: RunJson; requests: ReceivedRequest[] }> {
	const { result, requests } = await recordRequests(session, async () => await session.home.execute(workflowId));
	return { run: result, requests };
}

export function editRequests(requests: ReceivedRequest[]): ReceivedRequest[] {
	return requests.filter((request) => request.path === '/v1/images/edits');
}

/** Downloads of the images the gateway answered with by URL. */
export function downloadRequests(requests: ReceivedRequest[]): ReceivedRequest[] {
	return requests.filter((request) => request.method === 'GET' && request.path.startsWith('/files/'));
}

/** Every edit request carried the credential's key as a bearer token. */
export function expectGatewayAuth(session: E2eSession, requests: ReceivedRequest[]): void {
	const edits = editRequests(requests);
	expect(edits.length).toBeGreaterThan(0);
	for (const request of edits) expect(request.headers.authorization).toBe(`Bearer ${session.gateway.apiKey}`);
}

/** The one edit request among `requests`, checked for the credential's key. */
export function singleEdit(session: E2eSession, requests: ReceivedRequest[]): ReceivedRequest {
	const edits = editRequests(requests);
	expect(edits).toHaveLength(1);
	expectGatewayAuth(session, requests);
	return edits[0];
}
