/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * Gives a benchmark process an n8n home of its own (database-free: only the binary data store is
 * used) and removes it when the process ends. Import it before anything loads n8n-core: n8n's
 * config reads these variables once, at import time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const userFolder = mkdtempSync(join(tmpdir(), 'nano-banana-bench-'));
process.env.N8N_USER_FOLDER = userFolder;
process.env.N8N_BINARY_DATA_STORAGE_PATH = join(userFolder, 'binaryData');
process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS = 'false';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
process.on('exit', () => rmSync(userFolder, { recursive: true, force: true }));
