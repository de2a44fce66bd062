import type {
	ICredentialDataDecryptedObject,
	Icon,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

export const OPENAI_COMPATIBLE_PROVIDER = 'openAiCompatible';
export const GOOGLE_GEMINI_PROVIDER = 'googleGemini';
export const GOOGLE_GEMINI_BASE_URL = 'https://generativelanguage.googleapis.com';

/** Credentials saved before the provider choice existed have no `provider`: they are gateway credentials. */
export const isGoogleGemini = (credentials: ICredentialDataDecryptedObject) =>
	credentials.provider === GOOGLE_GEMINI_PROVIDER;

export class NanoBananaApi implements ICredentialType {
	name = 'nanoBananaApi';

	displayName = 'Nano Banana API';

	icon: Icon = {
		light: 'file:../nodes/NanoBananaEdit/nanoBanana.svg',
		dark: 'file:../nodes/NanoBananaEdit/nanoBanana.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-nano-banana/n8n-nodes-nano-banana#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Provider',
			name: 'provider',
			type: 'options',
			options: [
				{
					name: 'OpenAI-Compatible Gateway',
					value: OPENAI_COMPATIBLE_PROVIDER,
					description: 'A gateway serving POST /v1/images/edits, with a bearer key',
				},
				{
					name: 'Google Gemini API',
					value: GOOGLE_GEMINI_PROVIDER,
					description: "Google's own generateContent endpoint, with a Google AI Studio key",
				},
			],
			default: OPENAI_COMPATIBLE_PROVIDER,
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The key your gateway issued (sent as a bearer token), or your Google AI Studio key (sent as x-goog-api-key)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://gateway.example.com',
			description:
				'Root address of the OpenAI-compatible gateway. A trailing "/" or "/v1" is fine; the node adds /v1/images/edits.',
			displayOptions: { show: { provider: [OPENAI_COMPATIBLE_PROVIDER] } },
		},
		{
			displayName: 'Base URL',
			name: 'googleBaseUrl',
			type: 'string',
			default: GOOGLE_GEMINI_BASE_URL,
			placeholder: GOOGLE_GEMINI_BASE_URL,
			description:
				'Root address of the Gemini API. Change it only for a proxy in front of Google; the node adds /v1beta/models/{model}:generateContent.',
			displayOptions: { show: { provider: [GOOGLE_GEMINI_PROVIDER] } },
		},
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const apiKey = String(credentials.apiKey ?? '');
		const header = isGoogleGemini(credentials)
			? { 'x-goog-api-key': apiKey }
			: { Authorization: `Bearer ${apiKey}` };
		return { ...requestOptions, headers: { ...requestOptions.headers, ...header } };
	}
}
