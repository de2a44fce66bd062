/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * Jest global setup of the end-to-end suite: builds and packs the package once (the tests install
 * the tarball, never the source tree) and installs the selected n8n lines before any test timer
 * runs, since a cold install takes minutes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ensureN8n } from '../harness/install';
import { selectedLines } from './lines';
import { buildAndPackAsync } from './pack';

export default async function globalSetup(): Promise<void> {
	const lines = selectedLines();
	const started = Date.now();
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nano-banana-e2e-pack-'));
	process.env.NANO_BANANA_E2E_PACK_DIR = packDir;
	// Jest skips the global teardown when the global setup fails.
	process.env.NANO_BANANA_E2E_TARBALL = await buildAndPackAsync(packDir).catch((error: unknown) => {
		fs.rmSync(packDir, { recursive: true, force: true });
		throw error;
	});
	log(`built and packed ${path.basename(process.env.NANO_BANANA_E2E_TARBALL)} in ${since(started)}`);
	// One after the other: two installs at once only fight over the machine's two cores.
	for (const line of lines) {
		const lineStarted = Date.now();
		const install = await ensureN8n(line);
		log(`n8n ${install.version} ready in ${since(lineStarted)}`);
	}
}

function since(started: number): string {
	return `${((Date.now() - started) / 1000).toFixed(1)} s`;
}

function log(message: string): void {
	process.stderr.write(`[n8n-e2e] ${message}\n`);
}
