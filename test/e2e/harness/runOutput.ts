/**
 * Reads the run that `n8n execute --rawOutput` prints. The JSON is pretty-printed and may come
 * after (or between) log lines; a failed run is only logged, possibly after a log prefix. So every
 * "{" that starts or ends a line is tried (colour codes removed), and the last object shaped like
 * a run wins.
 */
import type { IRunData } from 'n8n-workflow';

/** A workflow run as n8n serialises it (dates are strings here). */
export interface RunJson {
	status?: string;
	finished?: boolean;
	mode?: string;
	data: {
		resultData: {
			runData: IRunData;
			lastNodeExecuted?: string;
			error?: { message?: string; name?: string; description?: string | null };
		};
	};
}

export function extractRunJson(output: string): RunJson | undefined {
	const stdout = stripColors(output);
	let found: RunJson | undefined;
	let start = stdout.indexOf('{');
	while (start !== -1) {
		const end = opensLine(stdout, start) ? matchingBrace(stdout, start) : -1;
		const value = end === -1 ? undefined : parseJson(stdout.slice(start, end + 1));
		if (isRunJson(value)) found = value;
		// Objects nested in one that parsed need no second look.
		start = stdout.indexOf('{', value === undefined ? start + 1 : end + 1);
	}
	return found;
}

/** At log level debug n8n colours every line it prints, the run JSON included. */
export function stripColors(text: string): string {
	return text.replace(ANSI_COLOR, '');
}

const ANSI_COLOR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

function opensLine(text: string, index: number): boolean {
	return index === 0 || text[index - 1] === '\n' || text[index + 1] === '\n';
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		// A log line that starts with "{" but is not JSON.
		return undefined;
	}
}

/** Index of the "}" closing the object opened at `start`, or -1; braces in strings don't count. */
function matchingBrace(text: string, start: number): number {
	let depth = 0;
	let inString = false;
	for (let index = start; index < text.length; index++) {
		const char = text[index];
		if (inString) {
			if (char === '\\') index++;
			else if (char === '"') inString = false;
		} else if (char === '"') inString = true;
		else if (char === '{') depth++;
		else if (char === '}' && --depth === 0) return index;
	}
	return -1;
}

function isRunJson(value: unknown): value is RunJson {
	if (typeof value !== 'object' || value === null) return false;
	const data = (value as { data?: { resultData?: { runData?: unknown } } }).data;
	return typeof data?.resultData?.runData === 'object' && data.resultData.runData !== null;
}
