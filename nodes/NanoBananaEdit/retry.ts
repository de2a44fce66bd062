import { sleep } from 'n8n-workflow';

const BASE_DELAY_MS = 500;
const MAX_BACKOFF_MS = 20_000;
/** Longest Retry-After we wait for; a gateway asking for more is reported instead. */
export const MAX_RETRY_AFTER_MS = 120_000;

const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524, 529]);
const RETRYABLE_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'EAI_AGAIN',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'UND_ERR_SOCKET',
]);

export const isRetryableStatus = (status: number) => RETRYABLE_STATUS.has(status);
export const isRetryableNetworkCode = (code: string | undefined) =>
	code !== undefined && RETRYABLE_NETWORK_CODES.has(code);

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text !== 'string' || !text.trim()) return undefined;
	if (/^\d+(\.\d+)?$/.test(text.trim())) return Math.round(Number(text) * 1000);
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Full-jitter exponential backoff (attempt 0 is the first retry), or the gateway's Retry-After. */
export function retryDelayMs(attempt: number, retryAfterMs: number | undefined, random = Math.random): number {
	if (retryAfterMs !== undefined) return retryAfterMs;
	const ceiling = Math.min(MAX_BACKOFF_MS, BASE_DELAY_MS * 2 ** attempt);
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Waits `ms`, or rejects as soon as the execution is cancelled. */
export async function waitUnlessCancelled(ms: number, signal: AbortSignal | undefined): Promise<void> {
	if (!signal) return await sleep(ms);
	if (signal.aborted) throw new CancelledError();
	let onAbort: (() => void) | undefined;
	const cancelled = new Promise<never>((_resolve, reject) => {
		onAbort = () => reject(new CancelledError());
		signal.addEventListener('abort', onAbort, { once: true });
	});
	try {
		// Older n8n versions ignore the signal in sleep(); the race keeps cancellation prompt there.
		await Promise.race([sleep(ms, signal), cancelled]);
	} finally {
		if (onAbort) signal.removeEventListener('abort', onAbort);
	}
}

export class CancelledError extends Error {
	constructor() {
		super('The execution was cancelled');
		this.name = 'CancelledError';
	}
}
