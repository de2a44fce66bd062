/**
 * Secret hygiene: the API key never shows in an error's message, description or any other field,
 * in an output item, in the run data or in a log line, even when the gateway echoes it back.
 */
import fc from 'fast-check';
import { NodeApiError, type INode } from 'n8n-workflow';

import { apiError, redactSecrets, toNodeError } from '../nodes/NanoBananaEdit/errors';
import { FAULTS } from './gateway/faults';
import { startGateway, type Gateway } from './gateway/server';
import { runNode, type BinaryMode } from './harness/engine';
import { gatewayRun, itemWithImages, photo } from './harness/fixtures';
import { captureConsole, secretPaths } from './harness/secrets';

const ECHO_FAULTS = Object.keys(FAULTS).filter((name) => name.startsWith('echo-auth'));
const apiKey = fc.stringMatching(/^(sk-|AIza)[A-Za-z0-9_-]{16,48}$/);
const text = fc.string({ maxLength: 40 });

describe('redactSecrets', () => {
	it('removes the key wherever and however a gateway quotes it', () => {
		const quotings = [
			(key: string) => key,
			(key: string) => `Bearer ${key}`,
			(key: string) => `"authorization":"Bearer ${key}"`,
			(key: string) => `x-goog-api-key: ${key}`,
			(key: string) => `https://gw.example.com/img.png?api_key=${key}&x=1`,
		];
		fc.assert(
			fc.property(apiKey, text, text, fc.constantFrom(...quotings), (key, before, after, quote) => {
				expect(redactSecrets(`${before}${quote(key)}${after}`, [key])).not.toContain(key);
			}),
		);
	});

	it('removes bearer tokens it was not told about', () => {
		expect(redactSecrets('Invalid token: Bearer sk-other-123456', [])).toBe('Invalid token: Bearer [redacted]');
	});
});

describe('toNodeError', () => {
	const node: INode = { id: '1', name: 'Nano Banana Edit', type: 'nanoBananaEdit', typeVersion: 1, position: [0, 0], parameters: {} };

	it('keeps the key out of every field of the error it throws, enumerable or not', () => {
		fc.assert(
			fc.property(apiKey, (key) => {
				const error = toNodeError(node, apiError(`denied for ${key}`, 401, `key ${key} is wrong`), 3, [key]);
				expect(error).toBeInstanceOf(NodeApiError);
				expect(error.message).toBe('Item 3: denied for [redacted]');
				expect(secretPaths(error, key)).toEqual([]);
			}),
		);
	});

	it('cleans errors that are not its own, such as a socket error quoting a header', () => {
		const echoed = ['sk', 'socket', '0123456789abcdef'].join('-');
		const error = toNodeError(node, Object.assign(new Error(`write EPIPE (Authorization: Bearer ${echoed})`), { code: 'EPIPE' }), 0, [echoed]);
		expect(secretPaths(error, echoed)).toEqual([]);
	});
});

describe('in n8n, against a gateway that echoes the key', () => {
	let gateway: Gateway;
	beforeAll(async () => {
		gateway = await startGateway();
	});
	afterAll(async () => await gateway.close());

	const cells = ECHO_FAULTS.flatMap((fault) =>
		(['filesystem', 'inline'] as const).flatMap((binaryMode) =>
			[false, true].map((continueOnFail) => [fault, binaryMode, continueOnFail] as [string, BinaryMode, boolean]),
		),
	);

	it.each(cells)('%s (%s binaries, continue on fail: %s) leaks the key nowhere', async (fault, binaryMode, continueOnFail) => {
		const items = [0, 1, 2].map((index) =>
			itemWithImages({ data: photo(index) }, { prompt: `${index === 1 ? `[[fault:${fault}]] ` : ''}${fault} ${binaryMode} ${continueOnFail} #${index}` }),
		);
		const logs = captureConsole();
		let result;
		try {
			result = await runNode(
				gatewayRun(gateway, { prompt: '={{ $json.prompt }}', options: { maxRetries: 1, concurrency: 3 } }, { items, continueOnFail, binaryMode }),
			);
		} finally {
			logs.restore();
		}
		expect(gateway.edits().some((request) => request.headers.authorization === `Bearer ${gateway.apiKey}`)).toBe(true);
		expect(secretPaths({ items: result.items, error: result.error, run: result.run.data }, gateway.apiKey)).toEqual([]);
		expect(secretPaths(logs.calls, gateway.apiKey)).toEqual([]);
		if (continueOnFail) expect(result.items).toHaveLength(3);
		else if (fault !== 'echo-auth-url') expect(result.error?.message).toMatch(/^Item 1: .*\[redacted\]/);
	});

	it('replaces the key a gateway put into an image URL', async () => {
		const result = await runNode(
			gatewayRun(gateway, { prompt: '[[fault:echo-auth-url]] url', output: 'binaryAndUrl' }, { items: [itemWithImages({ data: photo(1) })] }),
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.url).toMatch(/\/files\/[\w-]+\.png\?api_key=\[redacted\]$/);
		expect(result.items[0].binary?.data).toBeDefined();
	});
});
