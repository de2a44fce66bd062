import type { IAuthenticateGeneric, Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

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
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The key your gateway issued, sent as a bearer token',
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
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
			},
		},
	};
}
