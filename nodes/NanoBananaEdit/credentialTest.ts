import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { GOOGLE_GEMINI_BASE_URL, isGoogleGemini } from '../../credentials/NanoBananaApi.credentials';
import { describeUrl, normalizeBaseUrl } from './baseUrl';
import { redactSecrets } from './errors';
import { MODELS_PATH, normalizeGeminiBaseUrl } from './providers/gemini/endpoint';
import { readGoogleError } from './providers/gemini/errorBody';

const TEST_TIMEOUT_MS = 15_000;

interface Probe {
	url: string;
	headers: Record<string, string>;
	/** Who answered, for a failure other than a rejected key or a 404. */
	who: string;
	baseUrlHint: string;
	/** The status (and reason) when the answer means the key was refused; Google says API_KEY_INVALID with a 400. */
	keyRejected(status: number, body: Buffer): string | undefined;
}

function gatewayProbe(data: ICredentialDataDecryptedObject, apiKey: string): Probe | undefined {
	const baseUrl = normalizeBaseUrl(data.baseUrl);
	if (!baseUrl) return undefined;
	return {
		url: `${baseUrl}/v1/models`,
		headers: { Authorization: `Bearer ${apiKey}` },
		who: 'The gateway',
		baseUrlHint: 'the gateway root, without /v1',
		keyRejected: (status) => (status === 401 || status === 403 ? `${status}` : undefined),
	};
}

function googleProbe(data: ICredentialDataDecryptedObject, apiKey: string): Probe | undefined {
	const baseUrl = normalizeGeminiBaseUrl(data.googleBaseUrl);
	if (!baseUrl) return undefined;
	return {
		url: `${baseUrl}${MODELS_PATH}`,
		headers: { 'x-goog-api-key': apiKey },
		who: 'Google',
		baseUrlHint: `${GOOGLE_GEMINI_BASE_URL} or your proxy's root, without /v1beta`,
		keyRejected: (status, body) => {
			const { reason, status: name } = readGoogleError(body);
			if (reason === 'API_KEY_INVALID' || status === 401 || status === 403) {
				return [status, reason ?? name].filter(Boolean).join(' ');
			}
			return undefined;
		},
	};
}

async function run(probe: Probe): Promise<INodeCredentialTestResult> {
	const response = await fetch(probe.url, {
		headers: { ...probe.headers, Accept: 'application/json' },
		signal: AbortSignal.timeout(TEST_TIMEOUT_MS),
	});
	const body = Buffer.from(await response.arrayBuffer());
	if (response.ok) return { status: 'OK', message: 'Connection successful' };
	const rejected = probe.keyRejected(response.status, body);
	if (rejected) return { status: 'Error', message: `API key rejected (${rejected})` };
	if (response.status === 404) {
		return {
			status: 'Error',
			message: `Nothing found at ${describeUrl(probe.url)} (404): check the Base URL (${probe.baseUrlHint})`,
		};
	}
	return { status: 'Error', message: `${probe.who} answered ${response.status} to ${describeUrl(probe.url)}` };
}

/**
 * Asks the gateway or Google for its model list, the cheapest authenticated call each has. Runs
 * the same on every n8n version, unlike declarative credential tests, and words the answer for the user.
 */
export async function testNanoBananaApi(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const apiKey = String(data.apiKey ?? '');
	const google = isGoogleGemini(data);
	const probe = google ? googleProbe(data, apiKey) : gatewayProbe(data, apiKey);
	if (!probe) {
		const example = google ? GOOGLE_GEMINI_BASE_URL : 'https://gateway.example.com';
		return { status: 'Error', message: `Base URL must be an http(s) URL such as ${example}` };
	}
	try {
		return await run(probe);
	} catch (error) {
		const cause = (error as { cause?: Error }).cause ?? (error as Error);
		return {
			status: 'Error',
			message: redactSecrets(`Could not reach ${describeUrl(probe.url)}: ${cause.message}`, [apiKey]),
		};
	}
}
