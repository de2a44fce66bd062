/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/**
 * Proves that the other end-to-end cases test the packed package as n8n loads it: the same check
 * that passes for the real tarball fails for a copy whose package.json `n8n.nodes` names a file
 * that does not exist, the kind of mistake that ships a package n8n cannot load.
 */
import { hasLoadedPackage, type RunJson } from './harness/n8nProcess';
import { extractRunJson } from './harness/runOutput';
import { loadExample } from './support/examples';
import { selectedLines } from './support/lines';
import { repackWithManifest } from './support/pack';
import { expectSucceeded } from './support/runData';
import {
	editRequests,
	importWorkflows,
	packedTarball,
	recordRequests,
	useSession,
	type E2eSession,
} from './support/session';

const WORKFLOW_ID = 'e2eloading000000';
const MISSING_NODE_FILE = 'dist/nodes/NanoBananaEdit/Missing.node.js';

async function brokenTarball(): Promise<string> {
	const packDir = process.env.NANO_BANANA_E2E_PACK_DIR ?? '';
	return await repackWithManifest(packedTarball(), packDir, 'broken', (manifest) => {
		manifest.n8n.nodes = [MISSING_NODE_FILE];
	});
}

async function importGenerate(session: E2eSession): Promise<void> {
	await importWorkflows(session.home, [{ ...loadExample('generate-from-prompt.json'), id: WORKFLOW_ID }]);
}

/** `n8n execute` of examples/generate-from-prompt.json, keeping n8n's whole output. */
async function runGenerate(session: E2eSession) {
	const { result, requests } = await recordRequests(
		session,
		async () => await session.home.cli(['execute', `--id=${WORKFLOW_ID}`, '--rawOutput']),
	);
	const output = `${result.stdout}\n${result.stderr}`;
	const run: RunJson | undefined = extractRunJson(result.stdout);
	return { code: result.code, output, run, requests, loaded: hasLoadedPackage(output) };
}

describe.each(selectedLines())('n8n line %s: loading the package', (line) => {
	describe('the packed package', () => {
		const open = useSession(line, importGenerate);

		test('is loaded (n8n logs it) and its node runs', async () => {
			const attempt = await runGenerate(open());
			expect(attempt.loaded).toBe(true);
			expect(attempt.code).toBe(0);
			if (!attempt.run) throw new Error(`no run in the output:\n${attempt.output.slice(-4000)}`);
			expectSucceeded(attempt.run);
			expect(editRequests(attempt.requests)).toHaveLength(1);
		});
	});

	describe('a copy whose package.json n8n.nodes names a missing file', () => {
		const open = useSession(line, importGenerate, { tarball: brokenTarball });

		test('is not loaded, and a workflow using the node fails without calling the gateway', async () => {
			const attempt = await runGenerate(open());
			expect(attempt.loaded).toBe(false);
			expect(attempt.output).toContain('Cannot find module');
			expect(attempt.output).toContain(MISSING_NODE_FILE);
			expect(attempt.code).not.toBe(0);
			expect(attempt.run?.data.resultData.error ?? attempt.run === undefined).toBeTruthy();
			expect(attempt.requests).toHaveLength(0);
		});
	});
});
