import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { GOOGLE_GEMINI_BASE_URL, isGoogleGemini } from '../../../credentials/NanoBananaApi.credentials';
import { normalizeBaseUrl } from '../baseUrl';
import { inputError } from '../errors';
import { normalizeGeminiBaseUrl } from './gemini/endpoint';
import { geminiProvider } from './gemini';
import { openAiCompatibleProvider } from './openAiCompatible';
import type { ImageProvider } from './types';

export interface ProviderEndpoint {
	provider: ImageProvider;
	baseUrl: string;
}

/** The wire format and API root the credential points at, chosen once per execution. */
export function providerFor(credentials: ICredentialDataDecryptedObject): ProviderEndpoint {
	if (isGoogleGemini(credentials)) {
		const baseUrl = normalizeGeminiBaseUrl(credentials.googleBaseUrl);
		if (!baseUrl) {
			throw inputError(
				"The credential's Base URL is not an http(s) URL",
				`Open the Nano Banana API credential and enter ${GOOGLE_GEMINI_BASE_URL}, or your proxy's address.`,
			);
		}
		return { provider: geminiProvider, baseUrl };
	}
	const baseUrl = normalizeBaseUrl(credentials.baseUrl);
	if (!baseUrl) {
		throw inputError(
			"The credential's Base URL is not an http(s) URL",
			'Open the Nano Banana API credential and enter the gateway root, e.g. https://gateway.example.com',
		);
	}
	return { provider: openAiCompatibleProvider, baseUrl };
}
