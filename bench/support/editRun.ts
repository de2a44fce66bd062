/**
 * One run of a two-node workflow, trigger -> Nano Banana Edit, in n8n-core's real engine (the
 * test harness's runWorkflow), with the trigger's items pinned.
 */
import { NodeConnectionTypes, type INodeExecutionData, type INodeParameters } from 'n8n-workflow';

import type { TestItem } from '../../test/harness/binaryData';
import { NANO_BANANA_TYPE, type GatewayCredentials } from '../../test/harness/execution';
import { runWorkflow } from '../../test/harness/workflow';
import { workflowNode } from './workflowNode';

const TRIGGER = 'Trigger';
const EDIT = 'Nano Banana Edit';

export interface EditRun {
	/** The node's own execution time as n8n records it. */
	executionMs: number;
	items: INodeExecutionData[];
}

/** Items to feed the node: test items (stored for the run) or items whose binaries are stored already. */
export type EditInput = { items: TestItem[] } | { stored: INodeExecutionData[] };

export async function runEdit(gateway: GatewayCredentials, parameters: INodeParameters, input: EditInput): Promise<EditRun> {
	const trigger = workflowNode(TRIGGER, 'n8n-nodes-base.manualTrigger', 1, {});
	const edit = workflowNode(EDIT, NANO_BANANA_TYPE, 1, { prompt: '={{ $json.prompt }}', ...parameters }, {
		credentials: { nanoBananaApi: { id: 'bench', name: 'Benchmark gateway' } },
	});
	const { run, error } = await runWorkflow(
		{
			name: 'Benchmark',
			nodes: [trigger, edit],
			connections: { [TRIGGER]: { main: [[{ node: EDIT, type: NodeConnectionTypes.Main, index: 0 }]] } },
			pinData: 'stored' in input ? { [TRIGGER]: input.stored } : undefined,
		},
		{ credentials: gateway, pinData: 'items' in input ? { [TRIGGER]: input.items } : undefined },
	);
	if (error) throw new Error(`The benchmark run failed: ${error.message}`);
	const task = run.data.resultData.runData[EDIT]?.[0];
	const items = task?.data?.main?.[0] ?? [];
	const failed = items.find((item) => item.json.error !== undefined || !item.binary);
	if (!task || failed) throw new Error(`The node gave no image: ${JSON.stringify(failed?.json ?? 'no output')}`);
	return { executionMs: task.executionTime, items };
}
