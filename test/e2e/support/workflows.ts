/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * Workflows for the `n8n execute` cases, built from n8n's own nodes around ours: Read/Write Files
 * from Disk supplies the input images (a Merge by position puts two of them in one item), and
 * Extract From File turns our output binary into base64 JSON, so the run JSON carries the bytes
 * n8n stored whatever the binary data mode (filesystem in 2.x, in memory in 1.x).
 */
import path from 'node:path';
import type { IConnections, INode, INodeCredentialsDetails, INodeParameters } from 'n8n-workflow';

import type { WorkflowJson } from '../harness/n8nProcess';
import { nanoBananaNode, NANO_BANANA_TYPE } from './examples';
import type { FixtureName } from './fixtures';

export const EDIT = 'Nano Banana Edit';
export const READ_BYTES = 'Read Bytes';
export const TRIGGER = 'Manual Trigger';

/**
 * Which fixtures feed our node: one item with `data`, one with `data` + `style`, one item per file
 * in `pair/`, or none (the trigger's empty item, for images the node fetches from URLs).
 */
export type CaseInputs = 'photo' | 'photoAndStyle' | 'pair' | 'none';

export interface CaseSpec {
	id: string;
	name: string;
	inputs: CaseInputs;
	/** The fixture `photoAndStyle` reads into `style` (default style.png). */
	styleFile?: FixtureName;
	edit: INodeParameters;
	/** Continue on fail, as the node settings' "On Error: Continue" stores it. */
	continueOnFail?: boolean;
	/** Append Extract From File to expose the output bytes (only for cases where every item has an image). */
	readBytes?: boolean;
}

type Link = [from: string, to: string, toInput?: number];

function node(name: string, type: string, typeVersion: number, parameters: INodeParameters): INode {
	return { id: name.replace(/\W/g, '-').toLowerCase(), name, type, typeVersion, position: [0, 0], parameters };
}

const readFile = (name: string, fileSelector: string, dataPropertyName = 'data'): INode =>
	node(name, 'n8n-nodes-base.readWriteFile', 1, {
		operation: 'read',
		fileSelector,
		options: dataPropertyName === 'data' ? {} : { dataPropertyName },
	});

const readBytes = (): INode =>
	node(READ_BYTES, 'n8n-nodes-base.extractFromFile', 1.1, {
		operation: 'binaryToPropery',
		binaryPropertyName: 'data',
		destinationKey: 'base64',
		options: {},
	});

function inputNodes(
	{ inputs, styleFile = 'style.png' }: Pick<CaseSpec, 'inputs' | 'styleFile'>,
	fixturesDir: string,
): { nodes: INode[]; links: Link[]; last: string } {
	if (inputs === 'none') return { nodes: [], links: [], last: TRIGGER };
	const photo = readFile('Read Photo', path.join(fixturesDir, 'photo.png'));
	if (inputs === 'photo') return { nodes: [photo], links: [[TRIGGER, photo.name]], last: photo.name };
	if (inputs === 'pair') {
		const pair = readFile('Read Pair', path.join(fixturesDir, 'pair', '*.png'));
		return { nodes: [pair], links: [[TRIGGER, pair.name]], last: pair.name };
	}
	const style = readFile('Read Style', path.join(fixturesDir, styleFile), 'style');
	const merge = node('Merge', 'n8n-nodes-base.merge', 3.2, {
		mode: 'combine',
		combineBy: 'combineByPosition',
		options: {},
	});
	return {
		nodes: [photo, style, merge],
		links: [[TRIGGER, photo.name], [TRIGGER, style.name], [photo.name, merge.name, 0], [style.name, merge.name, 1]],
		last: merge.name,
	};
}

/** `base` (copied) plus a main connection for each link. */
export function connect(links: Link[], base: IConnections = {}): IConnections {
	const connections = structuredClone(base);
	for (const [from, to, toInput = 0] of links) {
		const outputs = (connections[from] ??= { main: [[]] });
		outputs.main[0]?.push({ node: to, type: 'main', index: toInput });
	}
	return connections;
}

/** Manual Trigger -> inputs -> Nano Banana Edit (-> Read Bytes). */
export function caseWorkflow(
	spec: CaseSpec,
	context: { fixturesDir: string; credential: INodeCredentialsDetails },
): WorkflowJson & { id: string } {
	const inputs = inputNodes(spec, context.fixturesDir);
	const edit: INode = {
		...node(EDIT, NANO_BANANA_TYPE, 1, spec.edit),
		credentials: { nanoBananaApi: context.credential },
		...(spec.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	const tail = spec.readBytes ? [readBytes()] : [];
	const links: Link[] = [...inputs.links, [inputs.last, EDIT]];
	if (spec.readBytes) links.push([EDIT, READ_BYTES]);
	return {
		id: spec.id,
		name: spec.name,
		nodes: [node(TRIGGER, 'n8n-nodes-base.manualTrigger', 1, {}), ...inputs.nodes, edit, ...tail],
		connections: connect(links),
		settings: { executionOrder: 'v1' },
	};
}

/** An example workflow with Read Bytes after its Nano Banana Edit node. */
export function withReadBytes(example: WorkflowJson, id: string): WorkflowJson & { id: string } {
	const ours = nanoBananaNode(example);
	return {
		...example,
		id,
		nodes: [...example.nodes, readBytes()],
		connections: connect([[ours.name, READ_BYTES]], example.connections),
	};
}
