import type { HttpResponse } from '../../transport';

/** What Google's `{ error: { code, message, status, details } }` body says, as far as it says it. */
export interface GoogleError {
	message?: string;
	/** The canonical code name, e.g. INVALID_ARGUMENT or RESOURCE_EXHAUSTED. */
	status?: string;
	/** `google.rpc.ErrorInfo.reason`, e.g. API_KEY_INVALID. */
	reason?: string;
	/** `google.rpc.RetryInfo.retryDelay` in milliseconds. */
	retryDelayMs?: number;
}

interface ErrorDetail {
	'@type'?: string;
	reason?: string;
	retryDelay?: string;
}

/** A protobuf Duration in its JSON form ("47s", "0.5s") as milliseconds. */
export function parseDuration(value: unknown): number | undefined {
	if (typeof value !== 'string') return undefined;
	const match = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
	return match ? Math.round(Number(match[1]) * 1000) : undefined;
}

const detailOfType = (details: ErrorDetail[], type: string) =>
	details.find((detail) => detail['@type'] === `type.googleapis.com/google.rpc.${type}`);

export function readGoogleError(body: Buffer): GoogleError {
	let json: unknown;
	try {
		json = JSON.parse(body.toString('utf8'));
	} catch {
		return {};
	}
	const error = (json as { error?: unknown } | null)?.error;
	if (!error || typeof error !== 'object') return {};
	const { message, status, details } = error as { message?: unknown; status?: unknown; details?: unknown };
	const list = Array.isArray(details) ? (details as ErrorDetail[]) : [];
	return {
		message: typeof message === 'string' ? message : undefined,
		status: typeof status === 'string' ? status : undefined,
		reason: detailOfType(list, 'ErrorInfo')?.reason,
		retryDelayMs: parseDuration(detailOfType(list, 'RetryInfo')?.retryDelay),
	};
}

/** Google states how long to wait on 429 in a RetryInfo detail instead of a Retry-After header. */
export const retryInfoDelayMs = (response: HttpResponse) => readGoogleError(response.body).retryDelayMs;
