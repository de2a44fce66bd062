/** The targets of issue 4, how each figure compares to its own, and the table printed at the end. */
export type Figures = Record<string, unknown>;

export const MiB = 1024 * 1024;
const mb = (bytes: unknown) => `${(Number(bytes) / MiB).toFixed(1)} MiB`;
const ratio = (value: number) => value.toFixed(2);
const times = (value: number) => `${value.toFixed(2)}x`;

interface Check {
	/** Where the figure is in results.json: `<case>.<key>`. */
	figure: string;
	label: string;
	/** At most or at least the target. */
	bound: 'max' | 'min';
	target: number;
	format: (value: number) => string;
	/** What was measured, from the case's figures. */
	detail: (figures: Figures) => string;
}

const CHECKS: Check[] = [
	{
		figure: 'concurrency.wallOverIdeal',
		label: '1 concurrency: wall / ideal',
		bound: 'max',
		target: 1.1,
		format: ratio,
		detail: (f) =>
			`${f.wallMs} ms for ${f.items} items x ${f.latencyMs} ms at ${f.concurrency}; ideal ${f.idealMs} ms; ` +
			`bare fetch at ${f.concurrency}: ${ratio(Number(f.bareFetchWallOverIdeal))}`,
	},
	{
		figure: 'concurrency.speedupOverSequential',
		label: '1 concurrency: speed-up over 1 at a time',
		bound: 'min',
		target: 7,
		format: times,
		detail: (f) => `${f.sequentialMs} ms one at a time`,
	},
	{
		figure: 'upload.rssGrowthOverInput',
		label: '2 upload: peak RSS growth / input',
		bound: 'max',
		target: 0.25,
		format: ratio,
		detail: (f) => `+${mb(f.rssGrowthBytes)} for ${mb(f.inputBytes)} in ${f.images} images (filesystem mode)`,
	},
	{
		figure: 'download.rssGrowthOverImage',
		label: '3 download (url): peak RSS growth / image',
		bound: 'max',
		target: 0.5,
		format: ratio,
		detail: (f) => `+${mb(f.rssGrowthBytes)} for a ${mb(f.imageBytes)} image`,
	},
	{
		figure: 'b64.rssGrowthOverImage',
		label: '4 b64_json: peak RSS growth / image',
		bound: 'max',
		target: 4,
		format: ratio,
		detail: (f) => `+${mb(f.rssGrowthBytes)} for a ${mb(f.imageBytes)} image`,
	},
	{
		figure: 'overhead.ratioToBareFetch',
		label: '5 overhead: node / bare fetch loop',
		bound: 'max',
		target: 1.3,
		format: times,
		detail: (f) =>
			`${f.nodeMs} ms vs ${Math.round(Number(f.bareFetchMs))} ms for ${f.items} items at 0 ms latency; ` +
			`n8n's own floor ${f.n8nFloorMs} ms (node / floor ${times(Number(f.ratioToN8nFloor))})`,
	},
	{
		figure: 'vsHttpRequestNode.wallRatio',
		label: '6 vs HTTP Request node: wall time',
		bound: 'max',
		target: 1,
		format: times,
		detail: (f) => `${f.oursMs} ms vs ${f.theirsMs} ms for ${f.items} items, all in flight, in n8n ${f.n8nVersion}`,
	},
	{
		figure: 'vsHttpRequestNode.rssRatio',
		label: '6 vs HTTP Request node: n8n peak RSS',
		bound: 'max',
		target: 1,
		format: times,
		detail: (f) => `${mb(f.oursPeakRss)} vs ${mb(f.theirsPeakRss)}`,
	},
];

interface Outcome {
	check: Check;
	value: number | undefined;
	passed: boolean;
	detail: string;
}

/** Each target with the figure measured for it (undefined when its case failed). */
export function evaluate(results: Record<string, unknown>): Outcome[] {
	return CHECKS.map((check) => {
		const [name, key] = check.figure.split('.');
		const figures = (results[name] ?? {}) as Figures;
		const value = typeof figures[key] === 'number' ? figures[key] : undefined;
		const passed = value !== undefined && (check.bound === 'max' ? value <= check.target : value >= check.target);
		return { check, value, passed, detail: value === undefined ? '' : check.detail(figures) };
	});
}

export const targetsOf = (outcomes: Outcome[]) =>
	Object.fromEntries(outcomes.map(({ check }) => [check.figure, `${check.bound === 'max' ? '<=' : '>='} ${check.target}`]));

export const passedOf = (outcomes: Outcome[]) => Object.fromEntries(outcomes.map(({ check, passed }) => [check.figure, passed]));

export function formatTable(outcomes: Outcome[]): string {
	const rows = outcomes.map(({ check, value, passed, detail }) => [
		check.label,
		value === undefined ? 'n/a' : check.format(value),
		`${check.bound === 'max' ? '<=' : '>='} ${check.format(check.target)}`,
		value === undefined ? 'not run' : passed ? 'pass' : 'FAIL',
		detail,
	]);
	const header = ['case', 'measured', 'target', 'result', 'detail'];
	const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
	const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd();
	return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}
