import {
	NodeConnectionTypes,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
} from 'n8n-workflow';

/**
 * A stand-in for one of n8n's built-in nodes (Manual Trigger, Webhook, Respond to Webhook ...),
 * which are not installed here: only n8n-core and n8n-workflow are. It carries just enough of a
 * description for the engine to accept the workflow, so its output must be pinned or the run
 * must stop before it. Without any properties, the engine also drops its parameters.
 */
export function builtInStub(type: string, version: number): INodeType {
	const name = type.replace(/^.*\./, '');
	return {
		description: {
			displayName: `${name} (not installed)`,
			name,
			group: ['input'],
			version,
			description: `Stand-in for the built-in node ${type}`,
			defaults: { name },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			properties: [],
		},
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			throw new NodeOperationError(
				this.getNode(),
				`"${this.getNode().name}" (${type}) is an n8n built-in node, which is not installed here`,
				{ description: 'Pin its output (pinData), or end the run before it (destinationNode).' },
			);
		},
	};
}
