/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * Cases 2-4, one per process: peak RSS growth of the process while the node
 *   upload   sends one item with 4 reference images of 40 MiB each (filesystem binary mode),
 *   download stores a 64 MiB image the gateway answers as a url,
 *   b64      stores a 16 MiB image the gateway answers as b64_json,
 * over the bytes involved. A run with small images on a plain gateway warms up first.
 */
import '../support/n8nEnv';

import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';

import { prepareBinaryData } from 'n8n-core';
import type { IBinaryData, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { useBinaryMode } from '../../test/harness/binaryData';
import { itemWithImages, photo } from '../../test/harness/fixtures';
import { readCaseInput, runCase } from '../support/caseIo';
import { runEdit } from '../support/editRun';
import { peakRssGrowth } from '../support/memory';

export type MemoryCase = 'upload' | 'download' | 'b64';

/** Puts files into n8n's binary store as an upstream node would, streaming them from disk. */
async function storeFiles(files: string[]): Promise<INodeExecutionData> {
	const binary: Record<string, IBinaryData> = {};
	for (const [index, file] of files.entries()) {
		binary[`image${index + 1}`] = await prepareBinaryData(createReadStream(file), 'bench-input', 'bench', basename(file), 'image/png');
	}
	return { json: { prompt: 'Combine these photos' }, binary };
}

async function uploadCase(files: string[]) {
	const { gateway, warmup } = readCaseInput();
	const parameters: INodeParameters = {
		binaryPropertyNames: files.map((_, index) => `image${index + 1}`).join(','),
		options: { maxReferenceImages: files.length },
	};
	const small = itemWithImages(Object.fromEntries(files.map((_, index) => [`image${index + 1}`, photo(index)])), { prompt: 'warm up' });
	await runEdit(warmup, parameters, { items: [small] });
	await useBinaryMode('filesystem');
	const stored = await storeFiles(files);
	const inputBytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
	const growth = await peakRssGrowth(async () => void (await runEdit(gateway, parameters, { stored: [stored] })));
	return { images: files.length, inputBytes, rssGrowthBytes: growth, rssGrowthOverInput: growth / inputBytes };
}

async function answerCase(responseFormat: 'url' | 'b64_json') {
	const { gateway, warmup } = readCaseInput();
	const parameters: INodeParameters = { options: { responseFormat, maxDownloadMb: 256 } };
	const items = [itemWithImages({ data: photo(1) }, { prompt: 'Make it pop' })];
	await runEdit(warmup, parameters, { items });
	let imageBytes = 0;
	const growth = await peakRssGrowth(async () => {
		const { items: outputs } = await runEdit(gateway, parameters, { items });
		imageBytes = Number(outputs[0].binary?.data.bytes ?? 0);
	});
	return { imageBytes, rssGrowthBytes: growth, rssGrowthOverImage: growth / imageBytes };
}

runCase(async () => {
	const which = process.argv[2] as MemoryCase;
	if (which === 'upload') return await uploadCase(readCaseInput().files ?? []);
	if (which === 'download') return await answerCase('url');
	if (which === 'b64') return await answerCase('b64_json');
	throw new Error(`Unknown memory case "${which}"`);
});
