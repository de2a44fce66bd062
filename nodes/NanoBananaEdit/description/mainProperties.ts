import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_MODEL, MODEL_OPTIONS } from '../models';

export const mainProperties: INodeProperties[] = [
	{
		displayName: 'Model',
		name: 'model',
		type: 'options',
		options: MODEL_OPTIONS,
		default: DEFAULT_MODEL,
		description:
			'Model ID as the gateway or Google names it (Google: e.g. gemini-3-pro-image). For any other ID, switch to Expression and type it.',
	},
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'e.g. Put the product on a marble table in soft morning light',
		description: 'What to generate, or how to change the reference images',
	},
	{
		displayName: 'Input Images',
		name: 'inputImages',
		type: 'options',
		options: [
			{
				name: 'From Binary Fields',
				value: 'binaryFields',
				description: 'Use the binary properties named below, in that order',
			},
			{
				name: 'All Binary Fields',
				value: 'allBinaryFields',
				description: 'Use every binary property of the input item',
			},
			{
				name: 'From URLs',
				value: 'urls',
				description: 'Download the images at the URLs listed below, in that order',
			},
			{
				name: 'None (Generate From Prompt)',
				value: 'none',
				description: 'Send no reference image',
			},
		],
		default: 'binaryFields',
		description: 'Where the reference images come from',
	},
	{
		displayName: 'Binary Property Names',
		name: 'binaryPropertyNames',
		type: 'string',
		default: 'data',
		required: true,
		placeholder: 'e.g. data, logo, background',
		description:
			'Comma-separated names of the binary properties holding the reference images. The first is the main image.',
		displayOptions: { show: { inputImages: ['binaryFields'] } },
	},
	{
		displayName: 'Image URLs',
		name: 'imageUrls',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		placeholder: 'e.g. https://cdn.example.com/product.jpg',
		description:
			'URLs (http, https or data:image/...;base64) of the reference images, one per line or separated by commas, or an expression giving a list. The first is the main image. They are downloaded without the API key.',
		displayOptions: { show: { inputImages: ['urls'] } },
	},
	{
		displayName: 'Size',
		name: 'size',
		type: 'string',
		default: '',
		placeholder: 'e.g. 1024x1024 or 16:9',
		description:
			'Output size such as 1024x1024, an aspect ratio such as 16:9, or (Google, Pro and 2.1 models) 1K, 2K or 4K. Google gets WxH as the nearest aspect ratio and image size. Leave empty to keep the aspect ratio of the main image (or 1:1 without one).',
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{
				name: 'Binary Image',
				value: 'binary',
				description: 'The image as n8n binary data',
			},
			{
				name: 'Image URL',
				value: 'url',
				description: "The gateway's image URL in the JSON, nothing downloaded (gateways only: Google returns no URL)",
			},
			{
				name: 'Binary Image and URL',
				value: 'binaryAndUrl',
				description: 'The image as binary data, and its URL in the JSON',
			},
		],
		default: 'binary',
		description: 'How the generated images are returned',
	},
];
