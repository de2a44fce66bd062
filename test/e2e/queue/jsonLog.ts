/**
 * Reads n8n's log output written with N8N_LOG_FORMAT=json: one object per line
 * ({ level, message, metadata }). Other lines (e.g. from task runners) are skipped.
 */
export interface LogEntry {
	level: string;
	message: string;
	metadata: Record<string, unknown>;
}

export function jsonLogEntries(output: string): LogEntry[] {
	return output.split('\n').flatMap((line) => {
		const entry = parseLine(line.trim());
		return entry ? [entry] : [];
	});
}

/** Executions a worker reports as finished ("Worker finished execution <id>"), by id: success. */
export function finishedExecutions(output: string): Map<string, boolean> {
	const finished = new Map<string, boolean>();
	for (const { message, metadata } of jsonLogEntries(output)) {
		if (!message.startsWith('Worker finished execution ')) continue;
		finished.set(String(metadata.executionId), metadata.success === true);
	}
	return finished;
}

/** The most executions a worker ran at once, from its "Worker started/finished execution" lines. */
export function mostAtOnce(output: string): number {
	const changes = jsonLogEntries(output).flatMap(({ message, metadata }) => {
		const change = message.startsWith('Worker started execution ')
			? 1
			: message.startsWith('Worker finished execution ')
				? -1
				: 0;
		return change === 0 ? [] : [{ at: Date.parse(String(metadata.timestamp)), change }];
	});
	// At the same millisecond an end sorts first: it did not overlap what began then.
	changes.sort((a, b) => a.at - b.at || a.change - b.change);
	let running = 0;
	let most = 0;
	for (const { change } of changes) {
		running += change;
		most = Math.max(most, running);
	}
	return most;
}

function parseLine(line: string): LogEntry | undefined {
	if (!line.startsWith('{')) return undefined;
	try {
		const value = JSON.parse(line) as Partial<LogEntry>;
		if (typeof value.level !== 'string' || typeof value.message !== 'string') return undefined;
		return { level: value.level, message: value.message, metadata: value.metadata ?? {} };
	} catch {
		return undefined;
	}
}
