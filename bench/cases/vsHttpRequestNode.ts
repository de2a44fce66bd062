/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * Case 6: the same 20-item job in a real n8n (the end-to-end harness's cached 2.x install,
 * installed when missing), through our node and through n8n's HTTP Request node set up as n8n's
 * docs describe multipart uploads (Body Content Type "Form-Data", an "n8n Binary File" field),
 * followed by Convert to File for the b64_json answer. The HTTP Request node sends every item at
 * once (its "Batching" option only spaces out the starts), so ours runs with all 20 in flight too.
 * Each workflow runs from a webhook in a fresh `n8n start`: a warm-up call, then the best of a
 * few measured calls; the peak RSS is the n8n process's own (VmHWM).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { INode } from 'n8n-workflow';

import { ensureN8n } from '../../test/e2e/harness/install';
import { createN8nHome, type N8nHome, type WorkflowJson } from '../../test/e2e/harness/n8nProcess';
import { buildAndPack } from '../../test/e2e/support/pack';
import { connect } from '../../test/e2e/support/workflows';
import { NANO_BANANA_TYPE } from '../../test/harness/execution';
import { readCaseInput, runCase } from '../support/caseIo';
import { writeLargePngs } from '../support/inputs';
import { kernelPeakRss } from '../support/memory';
import { MiB } from '../support/report';
import { workflowNode as node } from '../support/workflowNode';

const ITEMS = 20;
const CONCURRENCY = ITEMS;
const INPUT_BYTES = 2 * MiB;
const PROMPT = 'Make it pop';
const MEASURED_CALLS = 3;

/** Webhook -> Read Files -> `steps`, answering with the last node's items once the run ends. */
function job(path: string, inputs: string, steps: INode[]): WorkflowJson {
	const webhook = node(
		'Webhook',
		'n8n-nodes-base.webhook',
		2.1,
		{ httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
		// n8n registers production webhooks by this id.
		{ webhookId: randomUUID() },
	);
	const read = node('Read Files', 'n8n-nodes-base.readWriteFile', 1, { operation: 'read', fileSelector: inputs, options: {} });
	const chain = [webhook, read, ...steps];
	return {
		id: `bench${path}`.replace(/\W/g, '').padEnd(16, '0').slice(0, 16),
		name: `Benchmark: ${path}`,
		nodes: chain,
		connections: connect(chain.slice(1).map((next, index) => [chain[index].name, next.name] as [string, string])),
		settings: { executionOrder: 'v1' },
	};
}

const oursSteps = (): INode[] => [
	node(
		'Nano Banana Edit',
		NANO_BANANA_TYPE,
		1,
		{ prompt: PROMPT, binaryPropertyNames: 'data', options: { concurrency: CONCURRENCY, responseFormat: 'b64_json' } },
		{ credentials: { nanoBananaApi: { id: 'benchNanoBanana', name: 'Benchmark gateway' } } },
	),
];

const httpRequestSteps = (baseUrl: string): INode[] => [
	node(
		'HTTP Request',
		'n8n-nodes-base.httpRequest',
		4.2,
		{
			method: 'POST',
			url: `${baseUrl}/v1/images/edits`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpHeaderAuth',
			sendBody: true,
			contentType: 'multipart-form-data',
			bodyParameters: {
				parameters: [
					{ parameterType: 'formData', name: 'model', value: 'nano-banana' },
					{ parameterType: 'formData', name: 'prompt', value: PROMPT },
					{ parameterType: 'formBinaryData', name: 'image', inputDataFieldName: 'data' },
					{ parameterType: 'formData', name: 'response_format', value: 'b64_json' },
				],
			},
			options: {},
		},
		{ credentials: { httpHeaderAuth: { id: 'benchHeaderAuth', name: 'Benchmark gateway key' } } },
	),
	node('Convert to File', 'n8n-nodes-base.convertToFile', 1.1, {
		operation: 'toBinary',
		sourceProperty: 'data[0].b64_json',
		binaryPropertyName: 'data',
		options: { fileName: 'edited.png', mimeType: 'image/png' },
	}),
];

interface Measured {
	wallMs: number;
	calls: number[];
	peakRss: number;
}

/** A fresh `n8n start`: a warm-up call of the webhook, then the measured ones. */
async function measureWebhook(home: N8nHome, path: string): Promise<Measured> {
	const running = await home.start();
	const call = async () => {
		const started = performance.now();
		const response = await running.webhook(path, { method: 'POST' });
		const answer = await response.text();
		const items = response.status === 200 ? (JSON.parse(answer) as unknown[]) : [];
		if (items.length !== ITEMS) throw new Error(`/webhook/${path} answered ${response.status}: ${answer.slice(0, 500)}`);
		return performance.now() - started;
	};
	try {
		await call();
		const times: number[] = [];
		for (let index = 0; index < MEASURED_CALLS; index++) times.push(await call());
		const peakRss = kernelPeakRss(running.pid);
		if (peakRss === undefined) throw new Error('No /proc here to read the peak RSS of n8n from');
		return { wallMs: Math.min(...times), calls: times.map(Math.round), peakRss };
	} finally {
		await running.stop();
	}
}

runCase(async () => {
	const { gateway } = readCaseInput();
	const install = await ensureN8n('2');
	const packDir = mkdtempSync(join(tmpdir(), 'nano-banana-bench-pack-'));
	const home = await createN8nHome(install, { packageTarball: buildAndPack(packDir) });
	try {
		writeLargePngs(join(home.fixturesDir, 'inputs'), ITEMS, INPUT_BYTES);
		const inputs = join(home.fixturesDir, 'inputs', '*.png');
		await home.importCredentials([
			{ id: 'benchNanoBanana', name: 'Benchmark gateway', type: 'nanoBananaApi', data: { apiKey: gateway.apiKey, baseUrl: gateway.baseUrl } },
			{
				id: 'benchHeaderAuth',
				name: 'Benchmark gateway key',
				type: 'httpHeaderAuth',
				data: { name: 'Authorization', value: `Bearer ${gateway.apiKey}` },
			},
		]);
		const workflows = [job('ours', inputs, oursSteps()), job('http-request', inputs, httpRequestSteps(gateway.baseUrl ?? ''))];
		for (const workflow of workflows) await home.publish(await home.importWorkflow(workflow));
		const ours = await measureWebhook(home, 'ours');
		const theirs = await measureWebhook(home, 'http-request');
		return {
			n8nVersion: install.version,
			items: ITEMS,
			concurrency: CONCURRENCY,
			inputBytes: ITEMS * INPUT_BYTES,
			oursMs: Math.round(ours.wallMs),
			theirsMs: Math.round(theirs.wallMs),
			wallRatio: ours.wallMs / theirs.wallMs,
			oursPeakRss: ours.peakRss,
			theirsPeakRss: theirs.peakRss,
			rssRatio: ours.peakRss / theirs.peakRss,
			calls: { oursMs: ours.calls, theirsMs: theirs.calls },
		};
	} finally {
		await home.dispose();
		rmSync(packDir, { recursive: true, force: true });
	}
});
