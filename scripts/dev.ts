/* eslint-disable no-console, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * `npm run dev`: a real n8n editor on 127.0.0.1 with this package installed (see devEditor.ts).
 * Changes under nodes/ or credentials/ rebuild, reinstall and restart n8n. Ctrl-C stops it all.
 *
 *   NANO_BANANA_DEV_N8N=1          n8n 1.123.x instead of 2.41.1
 *   NANO_BANANA_DEV_LOG_LEVEL=debug
 *   NANO_BANANA_API_KEY=... NANO_BANANA_BASE_URL=...   a real gateway instead of the local one
 */
import fs from 'node:fs';
import path from 'node:path';

import type { N8nLine } from '../test/e2e/harness/install';
import type { LogLevel } from '../test/e2e/harness/n8nProcess';
import { REPO_ROOT } from '../test/e2e/support/pack';
import { DEV_OWNER, startDevEditor, type DevEditor } from './devEditor';

const WATCHED = ['nodes', 'credentials'];

function printWelcome(editor: DevEditor): void {
	const lines = [
		'',
		`n8n ${editor.install.version} is running: ${editor.url}`,
		`  owner login: ${DEV_OWNER.email} / ${DEV_OWNER.password}`,
		`  credential "${editor.credentialName}" -> ${editor.gateway}`,
		'  example workflows:',
		...editor.workflows.map((workflow) => `    ${editor.url}/workflow/${workflow.id}  ${workflow.name}`),
	];
	const webhook = editor.workflows.find((workflow) => workflow.file === 'webhook-edit-image.json');
	if (webhook?.webhookPath) {
		const url = `${editor.url}/webhook/${webhook.webhookPath}`;
		lines.push(`  try the webhook: curl -F data=@photo.png -F prompt='Make it snow' ${url} -o edited.png`);
	}
	lines.push(`Editing ${WATCHED.join('/ or ')}/ rebuilds and reinstalls the package and restarts n8n. Ctrl-C stops everything.`, '');
	console.log(lines.join('\n'));
}

/** Copies n8n's output to ours as it comes, from whichever n8n process is current. */
function forwardLogs(editor: DevEditor): void {
	let shown = editor.current();
	let printed = 0;
	setInterval(() => {
		if (editor.current() !== shown) [shown, printed] = [editor.current(), 0];
		const logs = shown.logs();
		if (logs.length > printed) process.stdout.write(logs.slice(printed));
		printed = logs.length;
	}, 500).unref();
}

/** Reloads after a burst of changes settles; a change during a reload queues one more. */
function watchSources(editor: DevEditor): void {
	let timer: NodeJS.Timeout | undefined;
	let reloading: Promise<void> | undefined;
	let again = false;
	const reload = async (): Promise<void> => {
		if (reloading) {
			again = true;
			return;
		}
		console.log('\n[dev] source changed: rebuilding, reinstalling and restarting n8n...');
		const started = Date.now();
		reloading = editor
			.reload()
			.then(() => console.log(`[dev] n8n restarted with the new build in ${((Date.now() - started) / 1000).toFixed(1)} s`))
			.catch((error: unknown) => console.error(`[dev] reload failed, fix and save again:\n${String(error)}`))
			.finally(() => (reloading = undefined));
		await reloading;
		if (again) {
			again = false;
			await reload();
		}
	};
	for (const dir of WATCHED) {
		fs.watch(path.join(REPO_ROOT, dir), { recursive: true }, () => {
			clearTimeout(timer);
			timer = setTimeout(() => void reload(), 400);
		});
	}
}

async function main(): Promise<void> {
	const line: N8nLine = process.env.NANO_BANANA_DEV_N8N === '1' ? '1' : '2';
	const logLevel = (process.env.NANO_BANANA_DEV_LOG_LEVEL ?? 'info') as LogLevel;
	console.log(`[dev] preparing n8n (line ${line}), building and packing the package...`);
	const editor = await startDevEditor({ line, logLevel });
	forwardLogs(editor);
	printWelcome(editor);
	watchSources(editor);
	// n8n and the gateway are stopped by the harness's exit hooks on Ctrl-C (processes.ts).
	process.on('exit', () => console.log('\n[dev] stopped n8n and the gateway'));
}

main().catch((error: unknown) => {
	console.error(`[dev] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
	process.exit(1);
});
