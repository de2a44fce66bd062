/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/**
 * Finds where a secret occurs in anything a run leaves behind: output items, error objects (own
 * fields, enumerable or not, such as `message`, `stack`, `cause`), run data and log lines.
 */
function forms(secret: string): string[] {
	return [secret, Buffer.from(secret).toString('base64'), encodeURIComponent(secret)];
}

/** Paths (like `error.cause.message`) at which `secret`, its base64 or URL-encoded form appears. */
export function secretPaths(value: unknown, secret: string, path = '$', seen = new WeakSet<object>()): string[] {
	const needles = forms(secret);
	const contains = (text: string) => needles.some((needle) => text.includes(needle));
	if (typeof value === 'string') return contains(value) ? [path] : [];
	if (Buffer.isBuffer(value)) return contains(value.toString('latin1')) ? [path] : [];
	if (value === null || typeof value !== 'object') return [];
	if (seen.has(value)) return [];
	seen.add(value);
	const keys = value instanceof Error || Object.getPrototypeOf(value) !== Object.prototype
		? Object.getOwnPropertyNames(value)
		: Object.keys(value);
	return keys.flatMap((key) =>
		secretPaths((value as Record<string, unknown>)[key], secret, `${path}.${key}`, seen),
	);
}

export interface LogCapture {
	/** The arguments of every console call, as passed (error objects included). */
	calls: unknown[][];
	restore(): void;
}

/**
 * Collects everything written through the console or straight to stdout/stderr (n8n's logger
 * uses either, depending on its transport) until restored.
 */
export function captureConsole(): LogCapture {
	const calls: unknown[][] = [];
	const record = (...args: unknown[]) => void calls.push(args);
	const spies = [
		...(['log', 'info', 'warn', 'error', 'debug'] as const).map((method) => jest.spyOn(console, method).mockImplementation(record)),
		...[process.stdout, process.stderr].map((stream) =>
			jest.spyOn(stream, 'write').mockImplementation((chunk: unknown) => {
				record(chunk);
				return true;
			}),
		),
	];
	return { calls, restore: () => spies.forEach((spy) => spy.mockRestore()) };
}
