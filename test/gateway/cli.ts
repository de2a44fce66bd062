/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * The local gateway in a process of its own, for the benchmark: prints one JSON line
 * `{"url","apiKey"}` once it listens, and serves until its stdin closes or it is terminated.
 *
 *   tsx test/gateway/cli.ts [--latency MS] [--image-bytes N] [--api-key KEY]
 */
import { parseArgs } from 'node:util';

import { startGateway } from './server';

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			latency: { type: 'string', default: '0' },
			'image-bytes': { type: 'string' },
			'api-key': { type: 'string' },
		},
	});
	const gateway = await startGateway({
		latencyMs: Number(values.latency),
		imageBytes: values['image-bytes'] ? Number(values['image-bytes']) : undefined,
		apiKey: values['api-key'],
	});
	process.stdout.write(`${JSON.stringify({ url: gateway.url, apiKey: gateway.apiKey })}\n`);
	const stop = () => void gateway.close().then(() => process.exit(0));
	process.on('SIGTERM', stop);
	process.stdin.on('end', stop);
	process.stdin.resume();
}

void main();
