/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * Runs a whole workflow, as n8n's editor exports it, inside n8n-core's real WorkflowExecute with
 * our node type loaded from source. Built-in nodes are stand-ins (see builtInNodes.ts): pin the
 * trigger's output, and stop at `destinationNode` before built-ins that would have to run.
 */
import { join } from 'node:path';

import { WorkflowExecute } from 'n8n-core';
import {
	Workflow,
	type ExecutionError,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type IPinData,
	type IRun,
} from 'n8n-workflow';

import type { NanoBananaEdit } from '../../nodes/NanoBananaEdit/NanoBananaEdit.node';
import { storeItems, useBinaryMode, type BinaryMode, type TestItem } from './binaryData';
import { builtInStub } from './builtInNodes';
import type { WorkflowJson } from './workflowJson';
import { awaitRun, NANO_BANANA_TYPE, nodeTypeRegistry, setUpExecution, type NanoBananaCredentials } from './execution';

export type { WorkflowJson };

export interface WorkflowRunOptions {
	credentials: NanoBananaCredentials;
	/** Output to pin per node name, files included; it replaces what those nodes would produce. */
	pinData?: Record<string, TestItem[]>;
	/** The last node to run; nodes after it do not run. By default the whole workflow runs. */
	destinationNode?: string;
	binaryMode?: BinaryMode;
}

export interface WorkflowRunResult {
	run: IRun;
	error?: ExecutionError;
	/** The first main output of each node's first run, by node name, for the nodes that ran. */
	outputs: Record<string, INodeExecutionData[]>;
}

// Named with its extension: under plain Node resolution (tsx) "NanoBananaEdit.node" would load
// the sibling codex file NanoBananaEdit.node.json instead of the class.
const NODE_SOURCE = join(__dirname, '..', '..', 'nodes', 'NanoBananaEdit', 'NanoBananaEdit.node.ts');

async function nodeTypes(nodes: INode[]) {
	const source = (await import(NODE_SOURCE)) as { NanoBananaEdit: typeof NanoBananaEdit };
	const ours = new source.NanoBananaEdit();
	const stubs = new Map(nodes.map((node) => [node.type, builtInStub(node.type, node.typeVersion)]));
	return nodeTypeRegistry((type): INodeType => (type === NANO_BANANA_TYPE ? ours : (stubs.get(type) as INodeType)));
}

/** The root the run starts from: the destination's topmost ancestor, else a node without parents. */
function startNode(workflow: Workflow, pinned: string[], destination?: string): INode {
	if (destination) return workflow.getStartNode(destination) as INode;
	const roots = Object.values(workflow.nodes).filter((node) => workflow.getParentNodes(node.name).length === 0);
	const start = roots.find((node) => pinned.includes(node.name)) ?? roots[0];
	if (!start) throw new Error('The workflow has no node to start from');
	return start;
}

export async function runWorkflow(json: WorkflowJson, options: WorkflowRunOptions): Promise<WorkflowRunResult> {
	await useBinaryMode(options.binaryMode ?? 'filesystem');
	const destination = options.destinationNode;
	if (destination && !json.nodes.some((node) => node.name === destination)) {
		throw new Error(`destinationNode "${destination}" is not a node of workflow "${json.name}"`);
	}
	// The engine writes defaults into node parameters: keep the caller's JSON untouched.
	const definition = {
		id: json.id ?? `wf-${json.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
		name: json.name,
		nodes: structuredClone(json.nodes),
		connections: structuredClone(json.connections),
	};
	const workflow = new Workflow({
		...definition,
		settings: json.settings,
		active: false,
		nodeTypes: await nodeTypes(definition.nodes),
	});
	const { additionalData, executionId, finished } = setUpExecution(definition, options.credentials);

	const pinData: IPinData = structuredClone(json.pinData ?? {});
	for (const [nodeName, items] of Object.entries(options.pinData ?? {})) {
		if (!workflow.getNode(nodeName)) throw new Error(`pinData names "${nodeName}", which is not a node of "${json.name}"`);
		pinData[nodeName] = await storeItems(items, { workflowId: definition.id, executionId });
	}

	const execution = new WorkflowExecute(additionalData, 'manual').run({
		workflow,
		startNode: startNode(workflow, Object.keys(pinData), destination),
		destinationNode: destination ? { nodeName: destination, mode: 'inclusive' } : undefined,
		pinData,
	});
	const run = await awaitRun(execution, finished);
	const outputs: Record<string, INodeExecutionData[]> = {};
	for (const [nodeName, tasks] of Object.entries(run.data.resultData.runData)) {
		outputs[nodeName] = tasks[0]?.data?.main?.[0] ?? [];
	}
	const failedTask = Object.values(run.data.resultData.runData).find((tasks) => tasks[0]?.error)?.[0];
	return { run, error: run.data.resultData.error ?? failedTask?.error, outputs };
}
