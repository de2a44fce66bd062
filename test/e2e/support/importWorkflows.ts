/* eslint-disable @n8n/community-nodes/no-restricted-imports */
import fs from 'node:fs';
import path from 'node:path';

import type { N8nHome, WorkflowJson } from '../harness/n8nProcess';

/** Imports several workflows with one `n8n import:workflow` (each CLI start costs seconds). */
export async function importWorkflows(
	home: N8nHome,
	workflows: Array<WorkflowJson & { id: string }>,
): Promise<void> {
	const file = path.join(home.userFolder, `workflows-${Date.now()}.json`);
	fs.writeFileSync(file, JSON.stringify(workflows.map((workflow) => ({ active: false, ...workflow }))));
	const result = await home.cli(['import:workflow', `--input=${file}`]);
	if (result.code !== 0) {
		throw new Error(`n8n import:workflow failed:\n${(result.stdout + result.stderr).slice(-6000)}`);
	}
}
