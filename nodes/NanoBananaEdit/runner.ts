import { CancelledError } from './retry';

/** The outcome of one item: its result, or why it failed. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * An item's access to the run's concurrency slots. Only its traffic with the gateway holds one,
 * so the next items get ready, and finished ones store their images, while requests are out.
 */
export interface ItemSlot {
	/** Runs `work` holding a slot; slots go to the items waiting for one in turn. */
	hold<T>(work: () => Promise<T>): Promise<T>;
	/** Inside `hold`: lends the slot to other items while `wait` runs (a retry's backoff). */
	releaseWhile<T>(wait: () => Promise<T>): Promise<T>;
}

interface RunOptions {
	concurrency: number;
	signal?: AbortSignal;
	/** Send nothing more after the first failure (when the node is not set to continue on fail). */
	stopOnFailure: boolean;
}

interface Waiter {
	grant(): void;
	refuse(error: Error): void;
}

/** A counting semaphore, first come first served, whose waiters are refused on a cancel. */
class Permits {
	private free: number;
	private readonly waiting: Waiter[] = [];
	private readonly onAbort = () => {
		for (const waiter of this.waiting.splice(0)) waiter.refuse(new CancelledError());
	};

	constructor(
		count: number,
		private readonly signal: AbortSignal | undefined,
	) {
		this.free = count;
		signal?.addEventListener('abort', this.onAbort, { once: true });
	}

	async take(): Promise<void> {
		if (this.signal?.aborted) throw new CancelledError();
		if (this.free > 0) {
			this.free--;
			return;
		}
		await new Promise<void>((grant, refuse) => this.waiting.push({ grant, refuse }));
	}

	give(): void {
		const waiter = this.waiting.shift();
		if (waiter) waiter.grant();
		else this.free++;
	}

	dispose(): void {
		this.signal?.removeEventListener('abort', this.onAbort);
	}
}

/** Thrown into an item that was ready to send when another item had already failed. */
class NotSent extends Error {}

interface SlotEvents {
	/** Whether items should stop sending (a failure under stopOnFailure). */
	stopped(): boolean;
	failed(): void;
	firstSlot(): void;
}

function itemSlot(slots: Permits, events: SlotEvents): ItemSlot {
	let held = false;
	const take = async () => {
		await slots.take();
		held = true;
		events.firstSlot();
	};
	const give = () => {
		if (!held) return;
		held = false;
		slots.give();
	};
	return {
		async hold(work) {
			await take();
			let succeeded = false;
			try {
				if (events.stopped()) throw new NotSent();
				const value = await work();
				succeeded = true;
				return value;
			} finally {
				// Known as failed before the slot passes on, so the next item does not send.
				if (!succeeded) events.failed();
				give();
			}
		},
		async releaseWhile(wait) {
			if (!held) return await wait();
			give();
			try {
				return await wait();
			} finally {
				await take();
			}
		},
	};
}

/**
 * Runs `task` for items 0..count-1, starting them in order, with at most `concurrency` of them
 * holding a slot (see ItemSlot) at once, and returns the outcomes in item order. After a cancel,
 * or a failure with stopOnFailure, no item starts and none sends; those that did not are absent.
 */
export async function runBounded<T>(
	count: number,
	task: (itemIndex: number, slot: ItemSlot) => Promise<T>,
	{ concurrency, signal, stopOnFailure }: RunOptions,
): Promise<Array<Settled<T> | undefined>> {
	const outcomes: Array<Settled<T> | undefined> = new Array(count);
	const slots = new Permits(concurrency, signal);
	// One item at a time gets ready to send, while the others' requests are out. Starting them one
	// by one also staggers their requests: set up all at once, each would wait for all of them.
	const ready = new Permits(1, signal);
	let failed = false;
	const stopped = () => stopOnFailure && failed;

	const runItem = async (itemIndex: number) => {
		let isReady = true;
		const leaveReady = () => {
			if (isReady) ready.give();
			isReady = false;
		};
		const slot = itemSlot(slots, { stopped, failed: () => (failed = true), firstSlot: leaveReady });
		try {
			outcomes[itemIndex] = { ok: true, value: await task(itemIndex, slot) };
		} catch (error) {
			if (!(error instanceof NotSent)) {
				outcomes[itemIndex] = { ok: false, error };
				failed = true;
			}
		} finally {
			leaveReady();
		}
	};

	const running: Array<Promise<void>> = [];
	try {
		for (let itemIndex = 0; itemIndex < count; itemIndex++) {
			const mayStart = await ready.take().then(
				() => !stopped(),
				() => false,
			);
			if (!mayStart) break;
			running.push(runItem(itemIndex));
		}
		await Promise.all(running);
	} finally {
		slots.dispose();
		ready.dispose();
	}
	return outcomes;
}
