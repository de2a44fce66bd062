/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/** Which gateway the demo talks to: the user's, when the environment names one, else an embedded local one. */
import { startGateway } from '../test/gateway/server';
import type { GatewayCredentials } from '../test/harness/execution';

export interface DemoTarget {
	credentials: GatewayCredentials;
	description: string;
	/** A model ID to use instead of the examples' own, for gateways that name models differently. */
	model?: string;
	local: boolean;
	close(): Promise<void>;
}

export class DemoSetupError extends Error {}

export async function demoTarget(env: NodeJS.ProcessEnv = process.env): Promise<DemoTarget> {
	const apiKey = env.NANO_BANANA_API_KEY?.trim();
	const baseUrl = env.NANO_BANANA_BASE_URL?.trim();
	const model = env.NANO_BANANA_MODEL?.trim() || undefined;
	if (apiKey && baseUrl) {
		return {
			credentials: { apiKey, baseUrl },
			description: `your gateway at ${baseUrl}${model ? ` (model ${model})` : ''}`,
			model,
			local: false,
			close: async () => {},
		};
	}
	if (apiKey || baseUrl) {
		const missing = apiKey ? 'NANO_BANANA_BASE_URL' : 'NANO_BANANA_API_KEY';
		throw new DemoSetupError(`${missing} is not set: a real gateway needs both NANO_BANANA_API_KEY and NANO_BANANA_BASE_URL`);
	}
	const gateway = await startGateway();
	return {
		credentials: { apiKey: gateway.apiKey, baseUrl: gateway.url },
		description: `the embedded local gateway at ${gateway.url}`,
		model,
		local: true,
		close: async () => await gateway.close(),
	};
}
