/**
 * What both engine harnesses need around n8n-core's WorkflowExecute: a node type registry, the
 * execution's additional data (lifecycle hooks, test credentials, instance URLs) and a way to wait
 * for the run to end. Plain objects only, so this also runs outside jest (scripts/demo.ts).
 */
import { ExecutionLifecycleHooks } from 'n8n-core';
import {
	NodeHelpers,
	type ExecutionError,
	type INode,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IWorkflowExecuteAdditionalData,
	type IConnections,
} from 'n8n-workflow';

import { TestCredentialsHelper } from './credentials';

export const NANO_BANANA_TYPE = 'n8n-nodes-nano-banana.nanoBananaEdit';
export const CREDENTIAL_TYPE = 'nanoBananaApi';
const INSTANCE_URL = 'http://localhost:5678';

export interface GatewayCredentials {
	apiKey: string;
	baseUrl: string;
}

/** The Nano Banana API credential's data: a gateway's (saved with or without `provider`), or Google's. */
export type NanoBananaCredentials =
	| (GatewayCredentials & { provider?: 'openAiCompatible' })
	| { provider: 'googleGemini'; apiKey: string; googleBaseUrl?: string };

export function nodeTypeRegistry(lookup: (type: string) => INodeType): INodeTypes {
	return {
		getByName: (type) => lookup(type),
		getByNameAndVersion: (type, version) => NodeHelpers.getVersionedNodeType(lookup(type), version),
		getKnownTypes: () => ({}),
	};
}

export interface ExecutionSetup {
	executionId: string;
	additionalData: IWorkflowExecuteAdditionalData;
	/** Resolves with the run once the engine's `workflowExecuteAfter` hook fired. */
	finished: Promise<IRun>;
}

export function setUpExecution(
	workflow: { id: string; name: string; nodes: INode[]; connections: IConnections },
	credentials: NanoBananaCredentials,
): ExecutionSetup {
	const executionId = `exec-${Math.random().toString(36).slice(2)}`;
	const now = new Date();
	const hooks = new ExecutionLifecycleHooks('manual', executionId, {
		...workflow,
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: now,
		updatedAt: now,
	});
	const finished = new Promise<IRun>((resolve) => hooks.addHandler('workflowExecuteAfter', resolve));
	const additionalData: Partial<IWorkflowExecuteAdditionalData> = {
		hooks,
		executionId,
		credentialsHelper: new TestCredentialsHelper({ [CREDENTIAL_TYPE]: { ...credentials } }),
		currentNodeExecutionIndex: 0,
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
	};
	return { executionId, additionalData: additionalData as IWorkflowExecuteAdditionalData, finished };
}

/**
 * Waits for the run. The engine reports most failures through the hooks rather than by
 * rejecting, so a rejected execution still resolves with what the hooks recorded.
 */
export async function awaitRun(execution: Promise<IRun>, finished: Promise<IRun>): Promise<IRun> {
	return await Promise.race([finished, execution.catch(() => finished)]);
}

export function runError(run: IRun, nodeName: string): ExecutionError | undefined {
	return run.data.resultData.error ?? run.data.resultData.runData[nodeName]?.[0]?.error;
}
