import { NanoBananaApi } from '../credentials/NanoBananaApi.credentials';
import { runNode } from './harness/engine';
import { credentialTest, itemWithImages, photo } from './harness/fixtures';
import { startGateway, type Gateway } from './gateway/server';

let gateway: Gateway;
beforeAll(async () => {
	gateway = await startGateway();
});
afterAll(async () => await gateway.close());

describe('Nano Banana API credential', () => {
	it('has a provider, a password API key, a base URL per provider and bearer auth for the gateway', async () => {
		const credential = new NanoBananaApi();
		expect(credential.name).toBe('nanoBananaApi');
		expect(credential.displayName).toBe('Nano Banana API');
		const apiKey = credential.properties.find((property) => property.name === 'apiKey');
		expect(apiKey?.typeOptions?.password).toBe(true);
		expect(credential.properties.map((property) => property.name)).toEqual(['provider', 'apiKey', 'baseUrl', 'googleBaseUrl']);
		const signed = await credential.authenticate({ apiKey: 'sk-1', baseUrl: 'https://gw' }, { url: 'https://gw/v1', headers: { Accept: 'x' } });
		expect(signed.headers).toEqual({ Accept: 'x', Authorization: 'Bearer sk-1' });
	});

	it.each(['', '/', '/v1', '/v1/', '//', '/v1?x=1'])('accepts the base URL with "%s" after the root', async (suffix) => {
		const before = gateway.edits().length;
		const result = await runNode({
			credentials: { apiKey: gateway.apiKey, baseUrl: `${gateway.url}${suffix}` },
			parameters: { prompt: 'p' },
			items: [itemWithImages({ data: photo(2) })],
		});
		expect(result.error).toBeUndefined();
		expect(gateway.edits()[before].path).toBe('/v1/images/edits');
	});
});

describe('credential test', () => {
	it('passes with a good key, calling GET /v1/models', async () => {
		const before = gateway.received.length;
		await expect(credentialTest({ apiKey: gateway.apiKey, baseUrl: `${gateway.url}/v1` })).resolves.toEqual({
			status: 'OK',
			message: 'Connection successful',
		});
		expect(gateway.received[before]).toMatchObject({ method: 'GET', path: '/v1/models' });
	});

	it('says "API key rejected" for a wrong key, without showing the key', async () => {
		const wrongKey = ['sk', 'wrong', 'key', '123'].join('-');
		const result = await credentialTest({ apiKey: wrongKey, baseUrl: gateway.url });
		expect(result.status).toBe('Error');
		expect(result.message).toContain('API key rejected');
		expect(result.message).not.toContain(wrongKey);
	});

	it('points at the base URL on a 404', async () => {
		const result = await credentialTest({ apiKey: gateway.apiKey, baseUrl: `${gateway.url}/wrong/path` });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/404.*Base URL/);
	});

	it('rejects a base URL that is not http(s)', async () => {
		const result = await credentialTest({ apiKey: gateway.apiKey, baseUrl: 'ftp://example.com' });
		expect(result).toMatchObject({ status: 'Error', message: expect.stringContaining('http(s)') });
	});

	it('reports an unreachable gateway', async () => {
		const result = await credentialTest({ apiKey: 'sk-unreachable-key', baseUrl: 'http://127.0.0.1:9' });
		expect(result.status).toBe('Error');
		expect(result.message).toContain('Could not reach http://127.0.0.1:9/v1/models');
	});
});
