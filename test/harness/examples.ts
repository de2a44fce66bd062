/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/** Loads the workflows in examples/ with what to pin in place of their trigger and where to stop. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { sampleTriggerOutput } from '../../examples/sampleInputs';
import type { TestItem } from './binaryData';
import { NANO_BANANA_TYPE } from './execution';
import type { WorkflowJson } from './workflow';

export const EXAMPLES_DIR = join(__dirname, '..', '..', 'examples');

export interface Example {
	file: string;
	workflow: WorkflowJson;
	/** The example's trigger node, whose output is pinned. */
	trigger: string;
	/** Our node: the run stops there, so nodes after it (Respond to Webhook) need not exist. */
	destinationNode: string;
	pinData: Record<string, TestItem[]>;
}

export function exampleFiles(): string[] {
	return readdirSync(EXAMPLES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort();
}

export function loadExample(file: string): Example {
	const workflow = JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) as WorkflowJson;
	const ours = workflow.nodes.filter((node) => node.type === NANO_BANANA_TYPE);
	if (ours.length !== 1) throw new Error(`examples/${file} should hold one Nano Banana Edit node, not ${ours.length}`);
	const targets = new Set(
		Object.values(workflow.connections).flatMap((outputs) =>
			(outputs.main ?? []).flatMap((connections) => (connections ?? []).map((connection) => connection.node)),
		),
	);
	const triggers = workflow.nodes.filter((node) => !targets.has(node.name));
	const output = sampleTriggerOutput[file];
	if (triggers.length !== 1 || !output) {
		throw new Error(`examples/${file}: give it one trigger, and its sample output in examples/sampleInputs.ts`);
	}
	const [trigger] = triggers;
	return {
		file,
		workflow,
		trigger: trigger.name,
		destinationNode: ours[0].name,
		pinData: { [trigger.name]: output(trigger) },
	};
}
