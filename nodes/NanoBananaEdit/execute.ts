import type { ICredentialDataDecryptedObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { editItem, type EditSession } from './editItem';
import { redactItems, toNodeError } from './errors';
import { readConcurrency } from './parameters';
import { providerFor } from './providers';
import { runBounded } from './runner';

export const CREDENTIAL_TYPE = 'nanoBananaApi';

const createSession = (credentials: ICredentialDataDecryptedObject): EditSession => ({
	...providerFor(credentials),
	credentialType: CREDENTIAL_TYPE,
	credentials,
});

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
		async (itemIndex, slot) => await editItem(context, itemIndex, await session(), slot),
		{
			concurrency: readConcurrency(context),
			signal: context.getExecutionCancelSignal?.(),
			stopOnFailure: !continueOnFail,
		},
	);

	const output: INodeExecutionData[] = [];
	outcomes.forEach((outcome, itemIndex) => {
		if (outcome?.ok) {
			output.push(...redactItems(outcome.value, secrets));
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
