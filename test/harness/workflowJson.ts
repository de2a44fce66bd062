import type { IConnections, INode, IPinData, IWorkflowSettings } from 'n8n-workflow';

/** A workflow as n8n's editor exports it and its CLI imports it (the files in examples/). */
export interface WorkflowJson {
	/** Generated on import when missing. */
	id?: string;
	name: string;
	nodes: INode[];
	connections: IConnections;
	settings?: IWorkflowSettings;
	pinData?: IPinData;
	active?: boolean;
}
