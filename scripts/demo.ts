/* eslint-disable no-console, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * `npm run demo`: runs every workflow in examples/ in n8n-core's real engine with the Nano Banana
 * Edit node loaded from source, and writes each generated image to demo-output/.
 */
// First: n8n-core reads its configuration when it is imported.
import './demoEnv';
import '../test/setup';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

import { binaryBuffer } from '../test/harness/binaryData';
import { exampleFiles, loadExample, type Example } from '../test/harness/examples';
import { runWorkflow } from '../test/harness/workflow';
import { DemoSetupError, demoTarget, type DemoTarget } from './demoTarget';

const OUTPUT_DIR = resolve(__dirname, '..', 'demo-output');

function withModel(example: Example, model: string | undefined): Example {
	if (!model) return example;
	for (const node of example.workflow.nodes) {
		if (node.name === example.destinationNode) node.parameters.model = model;
	}
	return example;
}

async function runExample(example: Example, target: DemoTarget): Promise<number> {
	const result = await runWorkflow(example.workflow, {
		credentials: target.credentials,
		pinData: example.pinData,
		destinationNode: example.destinationNode,
	});
	if (result.error) {
		const description = result.error.description ? ` (${result.error.description})` : '';
		throw new DemoSetupError(`${example.file}: ${result.error.message}${description}`);
	}
	const items = result.outputs[example.destinationNode] ?? [];
	const folder = join(OUTPUT_DIR, basename(example.file, '.json'));
	rmSync(folder, { recursive: true, force: true });
	mkdirSync(folder, { recursive: true });
	console.log(`\n${example.workflow.name}  (examples/${example.file})`);
	let written = 0;
	for (const item of items) {
		for (const binary of Object.values(item.binary ?? {})) {
			const bytes = await binaryBuffer(binary);
			const path = join(folder, binary.fileName ?? `image-${written + 1}`);
			writeFileSync(path, bytes);
			const url = typeof item.json.url === 'string' ? `  url ${item.json.url}` : '';
			console.log(`  image: ${path}  ${binary.mimeType}  ${bytes.length} bytes${url}`);
			written++;
		}
	}
	if (written === 0) throw new DemoSetupError(`${example.file}: the workflow produced no image`);
	return written;
}

async function main(): Promise<number> {
	const target = await demoTarget();
	console.log(`Running the workflows in examples/ in n8n's workflow engine against ${target.description}`);
	let images = 0;
	try {
		for (const file of exampleFiles()) images += await runExample(withModel(loadExample(file), target.model), target);
	} finally {
		await target.close();
	}
	console.log(`\nDone: ${images} images in ${OUTPUT_DIR}`);
	if (target.local) {
		console.log(
			'To use a real gateway instead: NANO_BANANA_API_KEY=<key> NANO_BANANA_BASE_URL=<https://gateway.example.com> npm run demo' +
				'\n  (optionally NANO_BANANA_MODEL=<model ID> if your gateway does not call the model "nano-banana")',
		);
	}
	return 0;
}

main()
	.catch((error: unknown) => {
		const message = error instanceof Error ? error.message : String(error);
		console.error(`\nDemo failed: ${message}`);
		if (!(error instanceof DemoSetupError) && error instanceof Error) console.error(error.stack);
		return 1;
	})
	.then((code) => {
		if (process.env.N8N_USER_FOLDER) rmSync(process.env.N8N_USER_FOLDER, { recursive: true, force: true });
		process.exitCode = code;
	});
