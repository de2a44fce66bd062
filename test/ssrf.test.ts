/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/**
 * n8n's SSRF protection applies to the node's downloads because they go through n8n's own
 * request helpers: with it on, an image URL on a blocked address is refused, per redirect hop,
 * before any connection. The gateway (127.0.0.1) is allowlisted; 127.0.0.2 is not.
 */
import { startGateway, type Gateway } from './gateway/server';
import { runNode } from './harness/engine';
import { gatewayRun, itemWithImages, photo } from './harness/fixtures';

const BLOCKED_IMAGE = 'http://127.0.0.2:9/image.png';

let gateway: Gateway;
beforeAll(async () => {
	// Read by n8n when its outbound HTTP service is first used, which happens in this file's first run.
	process.env.N8N_SSRF_PROTECTION_ENABLED = 'true';
	process.env.N8N_SSRF_ALLOWED_IP_RANGES = '127.0.0.1/32';
	gateway = await startGateway();
});
afterAll(async () => {
	delete process.env.N8N_SSRF_PROTECTION_ENABLED;
	delete process.env.N8N_SSRF_ALLOWED_IP_RANGES;
	await gateway.close();
});

const run = async (prompt: string) =>
	await runNode(gatewayRun(gateway, { prompt, options: { maxRetries: 0, timeout: 2 } }, { items: [itemWithImages({ data: photo(1) })] }));

it('still reaches an allowlisted gateway', async () => {
	const result = await run('a hat');
	expect(result.error).toBeUndefined();
	expect(result.items[0].binary?.data).toBeDefined();
});

it('refuses an image URL on a blocked address, with n8n\'s explanation', async () => {
	const result = await run(`[[fault:url-given]] [[url:${BLOCKED_IMAGE}]]`);
	expect(result.error?.name).toBe('NodeApiError');
	expect(result.error?.message).toBe(
		`Item 0: Downloading the image from ${BLOCKED_IMAGE} failed: The request was blocked because it resolves to a restricted IP address`,
	);
	expect(result.error?.description).toContain('ask your n8n administrator to allowlist');
});

it('refuses a redirect from the gateway to a blocked address', async () => {
	const result = await run(`[[fault:url-redirect-to]] [[url:${BLOCKED_IMAGE}]]`);
	expect(result.error?.message).toMatch(/^Item 0: Downloading the image from http:\/\/127\.0\.0\.2:9\/image\.png failed: The request was blocked/);
});
