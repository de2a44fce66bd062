/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/** Which n8n lines the end-to-end suite runs on: NANO_BANANA_E2E_LINES=2, =1 or =2,1 (the default). */
import type { N8nLine } from '../harness/install';

const ALL_LINES: N8nLine[] = ['2', '1'];

export function selectedLines(value = process.env.NANO_BANANA_E2E_LINES): N8nLine[] {
	if (value === undefined || value.trim() === '') return ALL_LINES;
	const wanted = value.split(',').map((entry) => entry.trim());
	const unknown = wanted.filter((entry) => !ALL_LINES.includes(entry as N8nLine));
	if (unknown.length > 0 || wanted.length === 0) {
		throw new Error(`NANO_BANANA_E2E_LINES=${value}: name n8n lines out of ${ALL_LINES.join(', ')}`);
	}
	return ALL_LINES.filter((line) => wanted.includes(line));
}
