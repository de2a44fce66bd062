/**
 * Runs the Nano Banana Edit node inside n8n-core's real WorkflowExecute: a two-node workflow
 * whose first node emits the test's input items (binaries stored through n8n's own binary data
 * service, on disk or inline) and whose second node is ours.
 */
import { WorkflowExecute } from 'n8n-core';
import {
	createRunExecutionData,
	NodeConnectionTypes,
	Workflow,
	type ExecutionError,
	type IBinaryData,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type IRun,
} from 'n8n-workflow';

import { NanoBananaEdit } from '../../nodes/NanoBananaEdit/NanoBananaEdit.node';
import { useBinaryMode, type BinaryMode, type TestItem } from './binaryData';
import { awaitRun, nodeTypeRegistry, NANO_BANANA_TYPE, runError, setUpExecution, type NanoBananaCredentials } from './execution';

export { binaryBuffer, type BinaryMode, type TestBinary, type TestItem } from './binaryData';

export interface RunOptions {
	parameters: INodeParameters;
	items?: TestItem[];
	credentials: NanoBananaCredentials;
	continueOnFail?: boolean;
	binaryMode?: BinaryMode;
	/** Called once the run started, with a function that cancels it like the editor's stop button. */
	onStarted?: (cancel: () => void) => void;
}

export interface RunResult {
	items: INodeExecutionData[];
	error?: ExecutionError;
	run: IRun;
}

const NODE_NAME = 'Nano Banana Edit';
const SOURCE_NAME = 'Source';

/** A stand-in for the upstream node (Read Files, HTTP Request, Webhook ...) that produced the images. */
function sourceNodeType(items: TestItem[]): INodeType {
	return {
		description: {
			displayName: 'Test Source',
			name: 'testSource',
			group: ['input'],
			version: 1,
			description: 'Emits the test items',
			defaults: { name: SOURCE_NAME },
			inputs: [],
			outputs: [NodeConnectionTypes.Main],
			properties: [],
		},
		async execute(this: IExecuteFunctions) {
			const output: INodeExecutionData[] = [];
			for (const item of items) {
				const binary: Record<string, IBinaryData> = {};
				for (const [name, file] of Object.entries(item.binary ?? {})) {
					binary[name] = await this.helpers.prepareBinaryData(file.data, file.fileName, file.mimeType);
				}
				output.push({ json: item.json ?? {}, ...(item.binary ? { binary } : {}) });
			}
			return [output];
		},
	};
}

export async function runNode(options: RunOptions): Promise<RunResult> {
	await useBinaryMode(options.binaryMode ?? 'filesystem');
	const items = options.items ?? [{ json: {} }];
	const types: Record<string, INodeType> = {
		testSource: sourceNodeType(items),
		[NANO_BANANA_TYPE]: new NanoBananaEdit(),
	};

	const source: INode = {
		id: 'source',
		name: SOURCE_NAME,
		type: 'testSource',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const node: INode = {
		id: 'nano-banana',
		name: NODE_NAME,
		type: NANO_BANANA_TYPE,
		typeVersion: 1,
		position: [200, 0],
		parameters: options.parameters,
		credentials: { nanoBananaApi: { id: 'cred-1', name: 'Test gateway' } },
		continueOnFail: options.continueOnFail ?? false,
	};
	const definition = {
		id: 'wf-test',
		name: 'Engine test',
		nodes: [source, node],
		connections: {
			[SOURCE_NAME]: { main: [[{ node: NODE_NAME, type: NodeConnectionTypes.Main, index: 0 }]] },
		},
	};
	const workflow = new Workflow({ ...definition, active: false, nodeTypes: nodeTypeRegistry((type) => types[type]) });
	const { additionalData, finished } = setUpExecution(definition, options.credentials);

	const runData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: source, data: { main: [[{ json: {} }]] }, source: null }],
		},
	});
	const execution = new WorkflowExecute(additionalData, 'manual', runData).processRunExecutionData(workflow);
	options.onStarted?.(() => execution.cancel());
	const run = await awaitRun(execution, finished);
	return {
		items: run.data.resultData.runData[NODE_NAME]?.[0]?.data?.main?.[0] ?? [],
		error: runError(run, NODE_NAME),
		run,
	};
}
