/**
 * Runs the Nano Banana Edit node inside n8n-core's real WorkflowExecute: a two-node workflow
 * whose first node emits the test's input items (binaries stored through n8n's own binary data
 * service, on disk or inline) and whose second node is ours.
 */
import { Container } from '@n8n/di';
import { mock } from 'jest-mock-extended';
import { BinaryDataService, ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	createRunExecutionData,
	NodeConnectionTypes,
	NodeHelpers,
	Workflow,
	type ExecutionError,
	type IBinaryData,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { NanoBananaEdit } from '../../nodes/NanoBananaEdit/NanoBananaEdit.node';
import { TestCredentialsHelper } from './credentials';

export type BinaryMode = 'filesystem' | 'inline';

export interface TestBinary {
	data: Buffer;
	fileName?: string;
	mimeType?: string;
}

export interface TestItem {
	json?: IDataObject;
	binary?: Record<string, TestBinary>;
}

export interface RunOptions {
	parameters: INodeParameters;
	items?: TestItem[];
	credentials: { apiKey: string; baseUrl: string };
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
const INSTANCE_URL = 'http://localhost:5678';
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

let binaryServiceReady: Promise<void> | undefined;

/** Switches n8n's binary data service between its on-disk store and inline base64. */
async function useBinaryMode(mode: BinaryMode): Promise<void> {
	const service = Container.get(BinaryDataService);
	binaryServiceReady ??= service.init();
	await binaryServiceReady;
	(service as unknown as { mode: string }).mode = mode === 'filesystem' ? 'filesystem-v2' : 'default';
}

export async function binaryBuffer(binary: IBinaryData): Promise<Buffer> {
	return await Container.get(BinaryDataService).getAsBuffer(binary);
}

export async function runNode(options: RunOptions): Promise<RunResult> {
	await useBinaryMode(options.binaryMode ?? 'filesystem');
	const items = options.items ?? [{ json: {} }];
	const ourType = new NanoBananaEdit();
	const types: Record<string, INodeType> = {
		testSource: sourceNodeType(items),
		'n8n-nodes-nano-banana.nanoBananaEdit': ourType,
	};
	const nodeTypes: INodeTypes = {
		getByName: (type) => types[type],
		getByNameAndVersion: (type, version) => NodeHelpers.getVersionedNodeType(types[type], version),
		getKnownTypes: () => ({}),
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
		type: 'n8n-nodes-nano-banana.nanoBananaEdit',
		typeVersion: 1,
		position: [200, 0],
		parameters: options.parameters,
		credentials: { nanoBananaApi: { id: 'cred-1', name: 'Test gateway' } },
		continueOnFail: options.continueOnFail ?? false,
	};
	const workflow = new Workflow({
		id: 'wf-test',
		nodes: [source, node],
		connections: {
			[SOURCE_NAME]: { main: [[{ node: NODE_NAME, type: NodeConnectionTypes.Main, index: 0 }]] },
		},
		active: false,
		nodeTypes,
	});

	const executionId = `exec-${Math.random().toString(36).slice(2)}`;
	const hooks = new ExecutionLifecycleHooks('manual', executionId, mock());
	const finished = new Promise<IRun>((resolve) => hooks.addHandler('workflowExecuteAfter', resolve));
	// A bare mock would answer every property with a function, which the engine mistakes for data.
	const additionalData = Object.assign(mock<IWorkflowExecuteAdditionalData>(), {
		hooks,
		executionId,
		currentNodeParameters: undefined,
		evalLlmMockHandler: undefined,
		otel: undefined,
		encryptedRunnerIdentity: undefined,
		executionContext: undefined,
		ssrfBridge: undefined,
		executionTimeoutTimestamp: undefined,
		userId: undefined,
		variables: {},
		restApiUrl: `${INSTANCE_URL}/rest`,
		instanceBaseUrl: INSTANCE_URL,
		formBaseUrl: `${INSTANCE_URL}/form`,
		formTestBaseUrl: `${INSTANCE_URL}/form-test`,
		formWaitingBaseUrl: `${INSTANCE_URL}/form-waiting`,
		webhookBaseUrl: `${INSTANCE_URL}/webhook`,
		webhookTestBaseUrl: `${INSTANCE_URL}/webhook-test`,
		webhookWaitingBaseUrl: `${INSTANCE_URL}/webhook-waiting`,
		mcpBaseUrl: `${INSTANCE_URL}/mcp`,
		mcpTestBaseUrl: `${INSTANCE_URL}/mcp-test`,
	} satisfies Partial<IWorkflowExecuteAdditionalData>);
	additionalData.credentialsHelper = new TestCredentialsHelper({ nanoBananaApi: options.credentials });

	const runData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: source, data: { main: [[{ json: {} }]] }, source: null }],
		},
	});
	const execution = new WorkflowExecute(additionalData, 'manual', runData).processRunExecutionData(workflow);
	options.onStarted?.(() => execution.cancel());
	const run = await Promise.race([finished, execution.catch(() => finished)]);
	const task = run.data.resultData.runData[NODE_NAME]?.[0];
	return {
		items: task?.data?.main?.[0] ?? [],
		error: run.data.resultData.error ?? task?.error,
		run,
	};
}
