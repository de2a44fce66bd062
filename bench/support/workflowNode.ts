import type { INode, INodeParameters } from 'n8n-workflow';

/** A workflow node as the editor would save it (positions do not matter here). */
export const workflowNode = (
	name: string,
	type: string,
	typeVersion: number,
	parameters: INodeParameters,
	extra: Partial<INode> = {},
): INode => ({ id: name.replace(/\W/g, '-').toLowerCase(), name, type, typeVersion, position: [0, 0], parameters, ...extra });
