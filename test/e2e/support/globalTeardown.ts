/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/** Removes the folder the global setup packed the tarball into. */
import fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
	const packDir = process.env.NANO_BANANA_E2E_PACK_DIR;
	if (packDir) fs.rmSync(packDir, { recursive: true, force: true });
}
