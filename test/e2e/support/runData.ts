/** Reads node outputs out of the run JSON that `n8n execute --rawOutput` prints. */
import type { IBinaryData, INodeExecutionData } from 'n8n-workflow';

import type { RunJson } from '../harness/n8nProcess';
import { READ_BYTES } from './workflows';

/** Throws with n8n's own error when the run did not succeed. */
export function expectSucceeded(run: RunJson): void {
	const { error, lastNodeExecuted } = run.data.resultData;
	if (error) {
		const description = error.description ? ` (${error.description})` : '';
		throw new Error(`run failed in ${lastNodeExecuted ?? '?'}: ${error.message ?? error.name}${description}`);
	}
	expect(run.finished).toBe(true);
}

/** The items of `nodeName`'s first output in its first run. */
export function outputOf(run: RunJson, nodeName: string): INodeExecutionData[] {
	const runs = run.data.resultData.runData[nodeName];
	if (!runs?.length) throw new Error(`${nodeName} did not run; ran: ${Object.keys(run.data.resultData.runData).join(', ')}`);
	return runs[0].data?.main[0] ?? [];
}

export function binaryOf(item: INodeExecutionData, property = 'data'): IBinaryData {
	const binary = item.binary?.[property];
	if (!binary) throw new Error(`item has no binary "${property}": ${JSON.stringify(item).slice(0, 500)}`);
	return binary;
}

/** The bytes n8n stored for each output item of our node, as Read Bytes read them back. */
export function storedBytes(run: RunJson): Buffer[] {
	return outputOf(run, READ_BYTES).map((item) => Buffer.from(String(item.json.base64), 'base64'));
}
