import type { ICredentialTestFunctions, INodeParameters } from 'n8n-workflow';

import { testNanoBananaApi } from '../../nodes/NanoBananaEdit/credentialTest';
import type { Gateway } from '../gateway/server';
import { makePng } from '../gateway/png';
import type { RunOptions, TestItem } from './engine';

export const photo = (seed: number) => makePng(4, 3, [seed % 256, (seed * 7) % 256, (seed * 13) % 256]);

export function itemWithImages(files: Record<string, Buffer>, json = {}): TestItem {
	return {
		json,
		binary: Object.fromEntries(
			Object.entries(files).map(([name, data]) => [name, { data, fileName: `${name}.png`, mimeType: 'image/png' }]),
		),
	};
}

export function gatewayRun(gateway: Gateway, parameters: INodeParameters, rest: Partial<RunOptions> = {}): RunOptions {
	return {
		credentials: { apiKey: gateway.apiKey, baseUrl: gateway.url },
		parameters: { prompt: 'Make it pop', ...parameters },
		...rest,
	};
}

/** Runs the credential's Test button logic (it uses no helpers of its context). */
export const credentialTest = async (data: Record<string, string>) =>
	await testNanoBananaApi.call({} as ICredentialTestFunctions, { id: 'c', name: 'c', type: 'nanoBananaApi', data });
