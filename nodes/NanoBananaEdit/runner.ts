/** The outcome of one item: its result, or why it failed. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

interface RunOptions {
	concurrency: number;
	signal?: AbortSignal;
	/** Stop starting new items after the first failure (when the node is not set to continue on fail). */
	stopOnFailure: boolean;
}

/**
 * Runs `task` for items 0..count-1 with at most `concurrency` in flight, and returns the outcomes
 * in item order. Items not started (after a cancel, or a failure with stopOnFailure) are absent.
 */
export async function runBounded<T>(
	count: number,
	task: (itemIndex: number) => Promise<T>,
	{ concurrency, signal, stopOnFailure }: RunOptions,
): Promise<Array<Settled<T> | undefined>> {
	const outcomes: Array<Settled<T> | undefined> = new Array(count);
	let next = 0;
	let failed = false;
	const worker = async () => {
		while (next < count && !signal?.aborted && !(stopOnFailure && failed)) {
			const itemIndex = next++;
			try {
				outcomes[itemIndex] = { ok: true, value: await task(itemIndex) };
			} catch (error) {
				outcomes[itemIndex] = { ok: false, error };
				failed = true;
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
	return outcomes;
}
