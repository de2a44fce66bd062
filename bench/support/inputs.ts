/* eslint-disable @n8n/community-nodes/no-restricted-imports */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { makeLargePng } from '../../test/gateway/png';

/** Writes `count` random-pixel PNGs of about `bytes` each into `dir`; returns their paths. */
export function writeLargePngs(dir: string, count: number, bytes: number): string[] {
	mkdirSync(dir, { recursive: true });
	return Array.from({ length: count }, (_, index) => {
		const file = join(dir, `input-${index + 1}.png`);
		writeFileSync(file, makeLargePng(bytes, index + 1));
		return file;
	});
}
