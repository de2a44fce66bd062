import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { describeUrl, normalizeBaseUrl } from './baseUrl';
import { redactSecrets } from './errors';

const TEST_TIMEOUT_MS = 15_000;

/**
 * Asks the gateway for its model list, the cheapest authenticated call it has. Runs the same on
 * every n8n version, unlike declarative credential tests, and words the answer for the user.
 */
export async function testNanoBananaApi(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const apiKey = String(credential.data?.apiKey ?? '');
	const baseUrl = normalizeBaseUrl(credential.data?.baseUrl);
	if (!baseUrl) {
		return { status: 'Error', message: 'Base URL must be an http(s) URL such as https://gateway.example.com' };
	}
	const url = `${baseUrl}/v1/models`;
	try {
		const response = await fetch(url, {
			headers: { Authorization: `Bearer ${apiKey}`, Accept: 'application/json' },
			signal: AbortSignal.timeout(TEST_TIMEOUT_MS),
		});
		await response.body?.cancel();
		if (response.ok) return { status: 'OK', message: 'Connection successful' };
		if (response.status === 401 || response.status === 403) {
			return { status: 'Error', message: `API key rejected (${response.status})` };
		}
		if (response.status === 404) {
			return {
				status: 'Error',
				message: `Nothing found at ${describeUrl(url)} (404): check the Base URL (the gateway root, without /v1)`,
			};
		}
		return { status: 'Error', message: `The gateway answered ${response.status} to ${describeUrl(url)}` };
	} catch (error) {
		const cause = (error as { cause?: Error }).cause ?? (error as Error);
		return {
			status: 'Error',
			message: redactSecrets(`Could not reach ${describeUrl(url)}: ${cause.message}`, [apiKey]),
		};
	}
}
