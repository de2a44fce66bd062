import { NodeHelpers, type INodeParameters } from 'n8n-workflow';

import { NanoBananaApi } from '../credentials/NanoBananaApi.credentials';
import { providerFor } from '../nodes/NanoBananaEdit/providers';
import { geminiProvider } from '../nodes/NanoBananaEdit/providers/gemini';
import { openAiCompatibleProvider } from '../nodes/NanoBananaEdit/providers/openAiCompatible';
import { startGoogleFake, type GoogleFake } from './gateway/google';
import { credentialTest } from './harness/fixtures';

let google: GoogleFake;
beforeAll(async () => {
	google = await startGoogleFake();
});
afterAll(async () => await google.close());

describe('Nano Banana API credential with the Google Gemini API', () => {
	const credential = new NanoBananaApi();
	const property = (name: string) => credential.properties.find((candidate) => candidate.name === name);

	it('defaults to the gateway, so credentials saved without a provider keep working', () => {
		expect(property('provider')).toMatchObject({ default: 'openAiCompatible' });
		// What n8n makes of stored credential data before handing it to the node (defaults applied, hidden fields dropped).
		const loaded = (data: INodeParameters) => NodeHelpers.getNodeParameters(credential.properties, data, true, false, null, null);
		expect(loaded({ apiKey: 'k', baseUrl: 'https://gw.example.com' })).toEqual({
			provider: 'openAiCompatible',
			apiKey: 'k',
			baseUrl: 'https://gw.example.com',
		});
		expect(loaded({ provider: 'googleGemini', apiKey: 'k' })).toEqual({
			provider: 'googleGemini',
			apiKey: 'k',
			googleBaseUrl: 'https://generativelanguage.googleapis.com',
		});
		expect(providerFor({ apiKey: 'k', baseUrl: 'https://gw.example.com/v1' })).toEqual({
			provider: openAiCompatibleProvider,
			baseUrl: 'https://gw.example.com',
		});
	});

	it("shows each provider's base URL, Google's defaulting to Google's endpoint", () => {
		expect(property('baseUrl')?.displayOptions).toEqual({ show: { provider: ['openAiCompatible'] } });
		expect(property('googleBaseUrl')).toMatchObject({
			default: 'https://generativelanguage.googleapis.com',
			displayOptions: { show: { provider: ['googleGemini'] } },
		});
	});

	it.each([
		[undefined, 'https://generativelanguage.googleapis.com'],
		['', 'https://generativelanguage.googleapis.com'],
		['https://proxy.example.com/gemini/v1beta/', 'https://proxy.example.com/gemini'],
		['https://generativelanguage.googleapis.com/v1beta/models/gemini-3-pro-image:generateContent', 'https://generativelanguage.googleapis.com'],
	])('reaches Google at the base URL %j as %s', (googleBaseUrl, baseUrl) => {
		expect(providerFor({ provider: 'googleGemini', apiKey: 'k', ...(googleBaseUrl === undefined ? {} : { googleBaseUrl }) })).toEqual({
			provider: geminiProvider,
			baseUrl,
		});
	});

	it('refuses a Google base URL that is not http(s)', () => {
		expect(() => providerFor({ provider: 'googleGemini', apiKey: 'k', googleBaseUrl: 'ftp://x' })).toThrow(
			"The credential's Base URL is not an http(s) URL",
		);
	});

	it('sends the key as x-goog-api-key to Google and as a bearer token to a gateway', async () => {
		const request = { url: 'https://x', headers: { Accept: 'application/json' } };
		expect((await credential.authenticate({ provider: 'googleGemini', apiKey: 'AIza1' }, request)).headers).toEqual({
			Accept: 'application/json',
			'x-goog-api-key': 'AIza1',
		});
		expect((await credential.authenticate({ provider: 'openAiCompatible', apiKey: 'sk-1' }, request)).headers).toEqual({
			Accept: 'application/json',
			Authorization: 'Bearer sk-1',
		});
	});
});

describe('credential test with the Google Gemini API', () => {
	it('passes with a good key, calling GET /v1beta/models with x-goog-api-key', async () => {
		const before = google.received.length;
		await expect(credentialTest({ provider: 'googleGemini', apiKey: google.apiKey, googleBaseUrl: google.url })).resolves.toEqual({
			status: 'OK',
			message: 'Connection successful',
		});
		const [request] = google.received.slice(before);
		expect(request).toMatchObject({ method: 'GET', path: '/v1beta/models', status: 200 });
		expect(request.headers['x-goog-api-key']).toBe(google.apiKey);
		expect(request.headers.authorization).toBeUndefined();
	});

	it('says "API key rejected" for API_KEY_INVALID, without showing the key', async () => {
		const wrongKey = ['AIza', 'wrong', '123'].join('-');
		const result = await credentialTest({ provider: 'googleGemini', apiKey: wrongKey, googleBaseUrl: google.url });
		expect(result).toEqual({ status: 'Error', message: 'API key rejected (400 API_KEY_INVALID)' });
	});

	it('says "API key rejected" when no key is sent', async () => {
		const result = await credentialTest({ provider: 'googleGemini', apiKey: '', googleBaseUrl: google.url });
		expect(result).toEqual({ status: 'Error', message: 'API key rejected (403 PERMISSION_DENIED)' });
	});

	it("points at the base URL on a 404, naming Google's root", async () => {
		const result = await credentialTest({ provider: 'googleGemini', apiKey: google.apiKey, googleBaseUrl: `${google.url}/wrong` });
		expect(result.status).toBe('Error');
		expect(result.message).toBe(
			`Nothing found at ${google.url}/wrong/v1beta/models (404): check the Base URL (https://generativelanguage.googleapis.com or your proxy's root, without /v1beta)`,
		);
	});

	it('reports an unreachable endpoint', async () => {
		const result = await credentialTest({ provider: 'googleGemini', apiKey: 'AIza-unreachable', googleBaseUrl: 'http://127.0.0.1:9' });
		expect(result.message).toContain('Could not reach http://127.0.0.1:9/v1beta/models');
	});
});
