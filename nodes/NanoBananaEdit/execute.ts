import type { ICredentialDataDecryptedObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { normalizeBaseUrl } from './baseUrl';
import { editItem, type EditSession } from './editItem';
import { inputError, toNodeError } from './errors';
import { readConcurrency } from './parameters';
import { openAiCompatibleProvider } from './providers/openAiCompatible';
import { runBounded } from './runner';

export const CREDENTIAL_TYPE = 'nanoBananaApi';

function createSession(credentials: ICredentialDataDecryptedObject): EditSession {
	const baseUrl = normalizeBaseUrl(credentials.baseUrl);
	if (!baseUrl) {
		throw inputError(
			"The credential's Base URL is not an http(s) URL",
			'Open the Nano Banana API credential and enter the gateway root, e.g. https://gateway.example.com',
		);
	}
	return { provider: openAiCompatibleProvider, baseUrl, credentialType: CREDENTIAL_TYPE };
}

/**
 * Runs every input item through the edit pipeline with bounded concurrency and owns the error
 * policy: output order follows input order, each item is paired with its input, a failed item
 * becomes an error item under "Continue On Fail", and API keys never reach a message.
 */
export async function executeEdits(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const continueOnFail = context.continueOnFail();
	const secrets: string[] = [];
	let setup: Promise<EditSession> | undefined;
	const session = async () =>
		await (setup ??= context.getCredentials(CREDENTIAL_TYPE).then((credentials) => {
			if (typeof credentials.apiKey === 'string') secrets.push(credentials.apiKey);
			return createSession(credentials);
		}));

	const outcomes = await runBounded(
		items.length,
		async (itemIndex) => await editItem(context, itemIndex, await session()),
		{
			concurrency: readConcurrency(context),
			signal: context.getExecutionCancelSignal?.(),
			stopOnFailure: !continueOnFail,
		},
	);

	const output: INodeExecutionData[] = [];
	outcomes.forEach((outcome, itemIndex) => {
		if (outcome?.ok) {
			output.push(...outcome.value);
			return;
		}
		if (!outcome) return;
		const error = toNodeError(context.getNode(), outcome.error, itemIndex, secrets);
		if (!continueOnFail) throw error;
		const json: INodeExecutionData['json'] = { error: error.message };
		if (error.description) json.description = error.description;
		output.push({ json, pairedItem: { item: itemIndex } });
	});
	return [output];
}
