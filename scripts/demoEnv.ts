/* eslint-disable @n8n/community-nodes/no-restricted-globals */
import { randomBytes } from 'node:crypto';

// Imported before n8n-core, which reads these once. Without a key it generates one in its
// (temporary) user folder and says so; its log would repeat the errors the demo reports itself.
process.env.N8N_ENCRYPTION_KEY ??= randomBytes(24).toString('hex');
process.env.N8N_LOG_LEVEL ??= 'silent';
