import { parseRetryAfter, retryDelayMs, isRetryableStatus } from '../nodes/NanoBananaEdit/retry';

describe('Retry-After', () => {
	const now = Date.parse('2026-11-28T12:00:00Z');

	it('reads delta-seconds', () => {
		expect(parseRetryAfter('3', now)).toBe(3000);
		expect(parseRetryAfter(['1.5'], now)).toBe(1500);
	});

	it('reads an HTTP date', () => {
		expect(parseRetryAfter('Sat, 28 Nov 2026 12:00:05 GMT', now)).toBe(5000);
		expect(parseRetryAfter('Sat, 28 Nov 2026 11:00:00 GMT', now)).toBe(0);
	});

	it('ignores what it cannot read', () => {
		expect(parseRetryAfter(undefined, now)).toBeUndefined();
		expect(parseRetryAfter('soon', now)).toBeUndefined();
		expect(parseRetryAfter('', now)).toBeUndefined();
	});
});

describe('backoff', () => {
	it('uses Retry-After when the gateway sent one', () => {
		expect(retryDelayMs(3, 1234)).toBe(1234);
	});

	it('grows exponentially with jitter between half and all of the ceiling', () => {
		expect(retryDelayMs(0, undefined, () => 0)).toBe(250);
		expect(retryDelayMs(0, undefined, () => 1)).toBe(500);
		expect(retryDelayMs(2, undefined, () => 1)).toBe(2000);
		expect(retryDelayMs(20, undefined, () => 1)).toBe(20000);
	});

	it('retries only statuses worth retrying', () => {
		for (const status of [408, 429, 500, 502, 503, 504, 524]) expect(isRetryableStatus(status)).toBe(true);
		for (const status of [400, 401, 403, 404, 413, 422]) expect(isRetryableStatus(status)).toBe(false);
	});
});
