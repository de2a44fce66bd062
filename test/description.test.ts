/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeProperties } from 'n8n-workflow';

import { NanoBananaEdit } from '../nodes/NanoBananaEdit/NanoBananaEdit.node';

const root = join(__dirname, '..');
const { description } = new NanoBananaEdit();
const property = (name: string) => description.properties.find((candidate) => candidate.name === name) as INodeProperties;
const option = (name: string) =>
	(property('options').options as INodeProperties[]).find((candidate) => candidate.name === name) as INodeProperties;

describe('node description', () => {
	it('keeps the names saved workflows depend on', () => {
		expect(description.name).toBe('nanoBananaEdit');
		expect(description.displayName).toBe('Nano Banana Edit');
		expect(description.version).toBe(1);
		expect(description.usableAsTool).toBe(true);
		expect(description.subtitle).toContain('$parameter["model"]');
		expect(description.credentials).toEqual([{ name: 'nanoBananaApi', required: true, testedBy: 'nanoBananaApiTest' }]);
		expect(description.properties.map((candidate) => candidate.name)).toEqual([
			'model',
			'prompt',
			'inputImages',
			'binaryPropertyNames',
			'imageUrls',
			'size',
			'output',
			'options',
		]);
	});

	it('has light and dark icons that exist and differ', () => {
		const icon = description.icon as { light: string; dark: string };
		const light = join(root, 'nodes/NanoBananaEdit', icon.light.replace('file:', ''));
		const dark = join(root, 'nodes/NanoBananaEdit', icon.dark.replace('file:', ''));
		expect(existsSync(light) && existsSync(dark)).toBe(true);
		expect(readFileSync(light, 'utf8')).not.toBe(readFileSync(dark, 'utf8'));
	});

	it('has a codex file naming the node', () => {
		const codex = JSON.parse(readFileSync(join(root, 'nodes/NanoBananaEdit/NanoBananaEdit.node.json'), 'utf8'));
		expect(codex.node).toBe('n8n-nodes-nano-banana.nanoBananaEdit');
		expect(codex.categories.length).toBeGreaterThan(0);
	});

	it('lists the known Nano Banana models, defaulting to nano-banana', () => {
		const model = property('model');
		expect(model.default).toBe('nano-banana');
		const ids = (model.options as Array<{ value: string }>).map((entry) => entry.value);
		expect(ids).toEqual(
			expect.arrayContaining([
				'nano-banana',
				'nano-banana-hd',
				'nano-banana-2',
				'nano-banana-pro',
				'gemini-2.5-flash-image',
				'gemini-3-pro-image-preview',
				'gemini-3-pro-image',
				'gemini-nano-banana-2.1',
				'gemini-3.1-flash-lite-image',
			]),
		);
	});

	it('has the documented defaults', () => {
		expect(property('prompt').required).toBe(true);
		expect(property('inputImages').default).toBe('binaryFields');
		expect(property('binaryPropertyNames')).toMatchObject({
			default: 'data',
			displayOptions: { show: { inputImages: ['binaryFields'] } },
		});
		expect(property('imageUrls')).toMatchObject({ default: '', displayOptions: { show: { inputImages: ['urls'] } } });
		expect((property('inputImages').options as Array<{ value: string }>).map((entry) => entry.value)).toEqual([
			'binaryFields',
			'allBinaryFields',
			'urls',
			'none',
		]);
		expect(property('size').default).toBe('');
		expect(property('output').default).toBe('binary');
		expect(option('outputBinaryPropertyName').default).toBe('data');
		expect(option('responseFormat').default).toBe('auto');
		expect(option('imageFieldName').default).toBe('image');
		expect(option('timeout').default).toBeGreaterThanOrEqual(120);
		expect(option('concurrency').default).toBeGreaterThan(1);
		for (const name of ['fileName', 'maxRetries', 'extraFields']) expect(option(name)).toBeDefined();
	});
});

describe('package.json', () => {
	const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

	it('follows the n8n community package rules', () => {
		expect(pkg.name).toBe('n8n-nodes-nano-banana');
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.license).toBe('MIT');
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(pkg.n8n.strict).toBe(true);
	});

	it('points n8n at the compiled files of the sources that exist', () => {
		const entries: string[] = [...pkg.n8n.nodes, ...pkg.n8n.credentials];
		for (const entry of entries) {
			expect(entry.startsWith('dist/')).toBe(true);
			expect(existsSync(join(root, entry.replace(/^dist\//, '').replace(/\.js$/, '.ts')))).toBe(true);
		}
	});
});
