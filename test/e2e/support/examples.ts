/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/** The workflows in examples/, as n8n imports them, and the credential they point at. */
import fs from 'node:fs';
import path from 'node:path';
import type { ICredentialDataDecryptedObject, INode, INodeCredentialsDetails } from 'n8n-workflow';

import type { CredentialJson, WorkflowJson } from '../harness/n8nProcess';
import { REPO_ROOT } from './pack';

export const NANO_BANANA_TYPE = 'n8n-nodes-nano-banana.nanoBananaEdit';
export const CREDENTIAL_TYPE = 'nanoBananaApi';

/** The examples the tests name (all of them are imported into `npm run dev`). */
export type ExampleFile =
	| 'generate-from-prompt.json'
	| 'webhook-edit-image.json'
	| 'edit-several-images.json';

const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');

export function exampleFiles(): string[] {
	return fs
		.readdirSync(EXAMPLES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort();
}

export function loadExample(file: string): WorkflowJson {
	const text = fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8');
	return JSON.parse(text) as WorkflowJson;
}

/** The example's one Nano Banana Edit node. */
export function nanoBananaNode(workflow: WorkflowJson): INode {
	const nodes = workflow.nodes.filter((node) => node.type === NANO_BANANA_TYPE);
	if (nodes.length !== 1) throw new Error(`${workflow.name}: expected one ${NANO_BANANA_TYPE} node`);
	return nodes[0];
}

/** The id and name of the stored credential the examples point at. */
export function exampleCredentialReference(): INodeCredentialsDetails & { id: string } {
	const node = nanoBananaNode(loadExample('generate-from-prompt.json'));
	const reference = node.credentials?.[CREDENTIAL_TYPE];
	if (!reference?.id) throw new Error(`examples/generate-from-prompt.json names no ${CREDENTIAL_TYPE}`);
	return { id: reference.id, name: reference.name };
}

/** That credential, holding a gateway's key and address (or a Google provider's settings). */
export function exampleCredential(data: ICredentialDataDecryptedObject): CredentialJson {
	return { ...exampleCredentialReference(), type: CREDENTIAL_TYPE, data };
}
