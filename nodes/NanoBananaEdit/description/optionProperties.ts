import type { INodeProperties } from 'n8n-workflow';

export const DEFAULT_TIMEOUT_SECONDS = 180;
export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_MAX_DOWNLOAD_MB = 50;

export const optionProperties: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Concurrency',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 64 },
				default: DEFAULT_CONCURRENCY,
				description: 'How many input items are sent to the gateway at the same time',
			},
			{
				displayName: 'Extra Fields',
				name: 'extraFields',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				placeholder: 'Add Field',
				default: {},
				description:
					'Additional form fields for gateway-specific settings such as aspect_ratio, image_size, quality or n (gateways only)',
				options: [
					{
						displayName: 'Field',
						name: 'field',
						values: [
							{
								displayName: 'Name',
								name: 'name',
								type: 'string',
								default: '',
								placeholder: 'e.g. aspect_ratio',
							},
							{
								displayName: 'Value',
								name: 'value',
								type: 'string',
								default: '',
								placeholder: 'e.g. 16:9',
							},
						],
					},
				],
			},
			{
				displayName: 'File Name',
				name: 'fileName',
				type: 'string',
				default: '',
				placeholder: 'e.g. product-shot',
				description:
					'Base name of the output files, without extension. Defaults to the main reference image name plus "-edited", or "nano-banana".',
			},
			{
				displayName: 'Image Field Name',
				name: 'imageFieldName',
				type: 'options',
				options: [
					{ name: 'Image', value: 'image' },
					{ name: 'Image[]', value: 'image[]' },
				],
				default: 'image',
				description:
					'Form field name for the reference images. Most gateways read "image"; some only read "image[]". Not used with Google.',
			},
			{
				displayName: 'Max Download Size (MB)',
				name: 'maxDownloadMb',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_MAX_DOWNLOAD_MB,
				description: 'Largest image downloaded, from the gateway or from "Image URLs", in megabytes',
			},
			{
				displayName: 'Max Reference Images',
				name: 'maxReferenceImages',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description:
					'Most reference images sent per item. 0 uses the model family limit (3 for Nano Banana and Gemini 2.5 Flash Image, 14 for the Pro and Nano Banana 2 family).',
			},
			{
				displayName: 'Max Retries',
				name: 'maxRetries',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 10 },
				default: DEFAULT_MAX_RETRIES,
				description:
					'How often a request is retried after a rate limit (429), a server error (5xx), a timeout or a dropped connection',
			},
			{
				displayName: 'Output Binary Property',
				name: 'outputBinaryPropertyName',
				type: 'string',
				default: 'data',
				description: 'Name of the binary property the generated image is written to',
			},
			{
				displayName: 'Response Format',
				name: 'responseFormat',
				type: 'options',
				options: [
					{
						name: 'Auto',
						value: 'auto',
						description: 'Base64 when only a binary image is wanted, URL otherwise',
					},
					{ name: 'URL', value: 'url' },
					{ name: 'Base64 JSON', value: 'b64_json' },
				],
				default: 'auto',
				description: 'The response_format asked of the gateway. Not used with Google, which always answers with the image itself.',
			},
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_TIMEOUT_SECONDS,
				description:
					'How long to wait for one gateway answer. Image models often take 10-60 seconds.',
			},
		],
	},
];
