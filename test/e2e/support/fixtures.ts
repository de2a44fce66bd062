/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/** The images the workflows read from the fixtures folder (the one folder n8n may read files from). */
import fs from 'node:fs';
import path from 'node:path';

import { SAMPLE_PHOTO, SAMPLE_STYLE } from '../../../examples/sampleInputs';
import { makeJpeg, makePng } from '../../gateway/png';

/**
 * Relative path in the fixtures folder -> bytes. `pair/` feeds two items to one node;
 * `reference.bin` is a JPEG under a name from which n8n guesses no image type.
 */
export const FIXTURE_FILES = {
	'photo.png': SAMPLE_PHOTO,
	'style.png': SAMPLE_STYLE,
	'reference.bin': makeJpeg('e2e reference'),
	'pair/first.png': makePng(24, 24, [200, 40, 40]),
	'pair/second.png': makePng(24, 24, [40, 200, 40]),
} as const;

export type FixtureName = keyof typeof FIXTURE_FILES;

export function writeFixtures(dir: string): void {
	for (const [name, bytes] of Object.entries(FIXTURE_FILES)) {
		const file = path.join(dir, name);
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(file, bytes);
	}
}
