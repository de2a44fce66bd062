/**
 * n8n's own execution records, read through the main's REST API the way the editor's
 * Executions list does: set up the owner account (a fresh instance has none), then list.
 */
import { randomUUID } from 'node:crypto';

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	mode: string;
	status: string;
}

/** Creates the owner and returns its session cookie. */
export async function ownerSession(baseUrl: string): Promise<string> {
	const owner = { email: 'owner@example.com', firstName: 'Queue', lastName: 'Test' };
	// n8n wants 8-64 characters with a digit and a capital letter.
	const password = `Pw1-${randomUUID()}`;
	const response = await fetch(`${baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ ...owner, password }),
	});
	if (response.status !== 200) {
		throw new Error(`owner setup answered ${response.status}: ${await response.text()}`);
	}
	const cookie = response.headers
		.getSetCookie()
		.map((header) => header.split(';')[0])
		.find((pair) => pair.startsWith('n8n-auth='));
	if (!cookie) throw new Error('owner setup set no n8n-auth cookie');
	return cookie;
}

/** Up to 100 executions of the workflow, newest first. */
export async function listExecutions(
	baseUrl: string,
	cookie: string,
	workflowId: string,
): Promise<ExecutionSummary[]> {
	const query = new URLSearchParams({ filter: JSON.stringify({ workflowId }), limit: '100' });
	const response = await fetch(`${baseUrl}/rest/executions?${query.toString()}`, {
		headers: { cookie },
	});
	if (response.status !== 200) {
		throw new Error(`GET /rest/executions answered ${response.status}: ${await response.text()}`);
	}
	const body = (await response.json()) as { data: { results: ExecutionSummary[] } };
	return body.data.results;
}
