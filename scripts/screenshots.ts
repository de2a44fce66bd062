/* eslint-disable no-console, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * `npm run screenshots`: the README's pictures, taken from a real n8n editor (devEditor.ts, always
 * against the embedded local gateway so they do not change with the user's environment) in
 * Debian's headless Chromium driven by playwright-core. Writes docs/screenshots/*.png.
 *
 *   NANO_BANANA_DEV_N8N=1   take them from n8n 1.123.x instead of 2.41.1
 *   CHROMIUM=/path          another Chromium binary (default /usr/bin/chromium: apt-get install -y chromium)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, selectors, type Locator, type Page } from 'playwright-core';

import type { ExampleFile } from '../test/e2e/support/examples';
import { REPO_ROOT } from '../test/e2e/support/pack';
import { startDevEditor, type DevEditor } from './devEditor';

const OUT_DIR = path.join(REPO_ROOT, 'docs', 'screenshots');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
/** Without the background-networking flags Chromium keeps dialing Google on this offline machine. */
const CHROMIUM_FLAGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];
const VIEWPORT = { width: 1440, height: 900 };
const UI_TIMEOUT_MS = 90_000;
const OUR_NODE = 'Nano Banana Edit';

function workflowUrl(editor: DevEditor, file: ExampleFile): string {
	const workflow = editor.workflows.find((candidate) => candidate.file === file);
	if (!workflow) throw new Error(`the dev editor has no ${file}`);
	return `${editor.url}/workflow/${workflow.id}`;
}

async function openWorkflow(page: Page, url: string): Promise<void> {
	await page.goto(url);
	await page.getByTestId('canvas-node').first().waitFor({ timeout: UI_TIMEOUT_MS });
	// Fonts, icons and the fit-to-view animation settle after the nodes appear.
	await page.waitForLoadState('networkidle');
	await page.waitForTimeout(1000);
}

const ourNode = (page: Page): Locator => page.getByTestId('canvas-node').filter({ hasText: OUR_NODE });

async function openOurNode(page: Page): Promise<Locator> {
	await ourNode(page).dblclick();
	const panel = page.getByTestId('ndv');
	await panel.waitFor({ timeout: UI_TIMEOUT_MS });
	await page.waitForTimeout(500);
	return panel;
}

/** n8n's "Production Checklist" popover and its toasts would cover parts of the pictures. */
async function dismissPopups(page: Page): Promise<void> {
	const checklist = page.getByTestId('suggested-actions-close');
	if (await checklist.isVisible()) await checklist.click();
	for (const close of await page.locator('.el-notification__closeBtn').all()) await close.click();
	await page.waitForTimeout(500);
}

async function save(page: Page, target: Page | Locator, name: string): Promise<void> {
	await dismissPopups(page);
	const file = path.join(OUT_DIR, name);
	await target.screenshot({ path: file });
	console.log(`  ${path.relative(REPO_ROOT, file)}  ${(fs.statSync(file).size / 1024).toFixed(0)} KB`);
}

async function takeScreenshots(page: Page, editor: DevEditor): Promise<void> {
	await openWorkflow(page, workflowUrl(editor, 'webhook-edit-image.json'));
	await save(page, page, 'canvas.png');
	await save(page, await openOurNode(page), 'node-parameters.png');

	await openWorkflow(page, workflowUrl(editor, 'generate-from-prompt.json'));
	await page.getByTestId('execute-workflow-button').click();
	await ourNode(page).getByTestId('canvas-node-status-success').waitFor({ timeout: UI_TIMEOUT_MS });
	const panel = await openOurNode(page);
	const view = panel.getByTestId('ndv-view-binary-data');
	await view.waitFor({ timeout: UI_TIMEOUT_MS });
	await view.click();
	await panel.getByTestId('output-panel').locator('img').waitFor({ timeout: UI_TIMEOUT_MS });
	await page.waitForTimeout(500);
	await save(page, panel, 'run-output-image.png');
}

async function main(): Promise<void> {
	if (!fs.existsSync(CHROMIUM)) {
		throw new Error(`${CHROMIUM} not found: install Debian's Chromium (apt-get install -y chromium) or set CHROMIUM`);
	}
	const line = process.env.NANO_BANANA_DEV_N8N === '1' ? '1' : '2';
	console.log(`Starting the dev editor (n8n line ${line})...`);
	const editor = await startDevEditor({ line, env: {} });
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'nano-banana-chromium-'));
	try {
		selectors.setTestIdAttribute('data-test-id');
		const context = await chromium.launchPersistentContext(profile, {
			executablePath: CHROMIUM,
			headless: true,
			args: CHROMIUM_FLAGS,
			viewport: VIEWPORT,
		});
		try {
			await context.addCookies([{ name: 'n8n-auth', value: editor.authCookie, url: editor.url }]);
			const page = context.pages()[0] ?? (await context.newPage());
			fs.mkdirSync(OUT_DIR, { recursive: true });
			console.log(`Taking screenshots of n8n ${editor.install.version} at ${editor.url}:`);
			await takeScreenshots(page, editor).catch(async (error: unknown) => {
				const failure = path.join(os.tmpdir(), 'nano-banana-screenshots-failure.png');
				await page.screenshot({ path: failure });
				console.error(`The page when it failed: ${failure}`);
				throw error;
			});
		} finally {
			await context.close();
		}
	} finally {
		await editor.stop();
		fs.rmSync(profile, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
	process.exit(1);
});
