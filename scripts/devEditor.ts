/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * A real n8n editor on 127.0.0.1 with this package built, packed and installed the way n8n's
 * community-node installer leaves it, the examples' credential pointing at the embedded local
 * gateway (or at the user's, see demoTarget.ts), the examples imported (webhooks published) and an
 * owner account set up. Used by `npm run dev` and `npm run screenshots`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ensureN8n, type N8nInstall, type N8nLine } from '../test/e2e/harness/install';
import {
	createN8nHome,
	installPackage,
	type LogLevel,
	type RunningN8n,
} from '../test/e2e/harness/n8nProcess';
import { onExit, sleep } from '../test/e2e/harness/processes';
import {
	exampleFiles,
	exampleCredential,
	loadExample,
	nanoBananaNode,
} from '../test/e2e/support/examples';
import { importWorkflows } from '../test/e2e/support/importWorkflows';
import { buildAndPackAsync } from '../test/e2e/support/pack';
import { demoTarget } from './demoTarget';

export const DEV_OWNER = {
	email: 'owner@example.com',
	firstName: 'Nano',
	lastName: 'Banana',
	password: 'NanoBanana-dev1',
};

export interface DevWorkflow {
	id: string;
	name: string;
	/** File name in examples/. */
	file: string;
	/** The production webhook path, for the webhook examples. */
	webhookPath?: string;
}

export interface DevEditor {
	install: N8nInstall;
	url: string;
	/** Value of the `n8n-auth` cookie of the owner's session. */
	authCookie: string;
	workflows: DevWorkflow[];
	credentialName: string;
	/** Which gateway the credential points at. */
	gateway: string;
	/** The n8n process running now (a new one after each `reload`). */
	current(): RunningN8n;
	/** Rebuilds and repacks the package, reinstalls it and restarts n8n (same database). */
	reload(): Promise<void>;
	stop(): Promise<void>;
}

export interface DevEditorOptions {
	line: N8nLine;
	logLevel?: LogLevel;
	/** Where NANO_BANANA_API_KEY / NANO_BANANA_BASE_URL / NANO_BANANA_MODEL are read. */
	env?: NodeJS.ProcessEnv;
}

/** An id per example that stays the same between runs, so editor URLs can be bookmarked. */
const exampleId = (file: string): string => file.replace(/\.json$|\W/g, '').slice(0, 16);

function devWorkflows(model: string | undefined) {
	return exampleFiles().map((file) => {
		const workflow = { ...loadExample(file), id: exampleId(file) };
		if (model) nanoBananaNode(workflow).parameters.model = model;
		const webhook = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.webhook');
		const webhookPath = webhook?.parameters.path;
		return { file, workflow, webhookPath: typeof webhookPath === 'string' ? webhookPath : undefined };
	});
}

export async function startDevEditor(options: DevEditorOptions): Promise<DevEditor> {
	const install = await ensureN8n(options.line);
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nano-banana-dev-pack-'));
	onExit(() => fs.rmSync(packDir, { recursive: true, force: true }));
	let tarball = await buildAndPackAsync(packDir);

	const target = await demoTarget(options.env ?? process.env);
	const home = await createN8nHome(install, { packageTarball: tarball, logLevel: options.logLevel ?? 'info' });
	const credential = exampleCredential({ ...target.credentials });
	// The examples find it by id; the name shown in the editor should not say "local" for a real one.
	if (!target.local) credential.name = 'Nano Banana (your gateway)';
	await home.importCredentials([credential]);
	const examples = devWorkflows(target.model);
	await importWorkflows(home, examples.map((example) => example.workflow));
	for (const example of examples) if (example.webhookPath) await home.publish(example.workflow.id);

	let running = await home.start();
	const authCookie = await setUpOwner(running.baseUrl);
	return {
		install,
		url: running.baseUrl,
		authCookie,
		credentialName: credential.name,
		gateway: target.description,
		workflows: examples.map(({ file, workflow, webhookPath }) => ({
			id: workflow.id,
			name: workflow.name,
			file,
			webhookPath,
		})),
		current: () => running,
		async reload() {
			tarball = await buildAndPackAsync(packDir);
			await running.stop();
			installPackage(home.userFolder, tarball);
			running = await home.start();
		},
		async stop() {
			await home.dispose();
			await target.close();
			fs.rmSync(packDir, { recursive: true, force: true });
		},
	};
}

/**
 * Creates the owner account of a fresh instance and returns its session cookie. 1.x answers
 * "Cannot POST" for a moment after it reports ready: its REST routes are mounted a little later.
 */
async function setUpOwner(baseUrl: string): Promise<string> {
	const deadline = Date.now() + 30_000;
	for (;;) {
		const response = await fetch(`${baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(DEV_OWNER),
		});
		if (response.ok) {
			const cookie = /n8n-auth=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
			if (!cookie) throw new Error('n8n set up the owner but sent no n8n-auth cookie');
			return cookie;
		}
		if (response.status !== 404 || Date.now() > deadline) {
			throw new Error(`owner setup failed (${response.status}): ${(await response.text()).slice(0, 500)}`);
		}
		await sleep(500);
	}
}
