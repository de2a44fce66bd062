import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { testNanoBananaApi } from './credentialTest';
import { mainProperties } from './description/mainProperties';
import { optionProperties } from './description/optionProperties';
import { executeEdits } from './execute';

export class NanoBananaEdit implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Nano Banana Edit',
		name: 'nanoBananaEdit',
		icon: { light: 'file:nanoBanana.svg', dark: 'file:nanoBanana.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["model"]}}',
		description:
			'Edit or generate images with Nano Banana (Google Gemini image models) through an OpenAI-compatible gateway or Google\'s Gemini API',
		defaults: { name: 'Nano Banana Edit' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'nanoBananaApi', required: true, testedBy: 'nanoBananaApiTest' }],
		properties: [...mainProperties, ...optionProperties],
	};

	methods = {
		credentialTest: { nanoBananaApiTest: testNanoBananaApi },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeEdits(this);
	}
}
