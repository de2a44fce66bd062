import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { apiError } from './errors';
import {
	CancelledError,
	isRetryableNetworkCode,
	isRetryableStatus,
	MAX_RETRY_AFTER_MS,
	parseRetryAfter,
	retryDelayMs,
	waitUnlessCancelled,
} from './retry';

export interface HttpResponse {
	statusCode: number;
	headers: IDataObject;
	body: Buffer;
	attempts: number;
}

export interface SendPolicy {
	credentialType: string;
	maxRetries: number;
	timeoutMs: number;
}

interface FullResponse {
	statusCode: number;
	headers?: IDataObject;
	body?: unknown;
}

/** The network failure behind an error from n8n's request helpers (axios wrapped in NodeApiError). */
function networkFailure(error: unknown): { code?: string; message: string } {
	const cause = (error as { cause?: { code?: string; message?: string } }).cause;
	const source = cause ?? (error as { code?: string; message?: string });
	return { code: source?.code, message: source?.message ?? String(error) };
}

function toBuffer(body: unknown): Buffer {
	if (Buffer.isBuffer(body)) return body;
	if (body instanceof ArrayBuffer) return Buffer.from(body);
	if (typeof body === 'string') return Buffer.from(body);
	return Buffer.from(JSON.stringify(body ?? ''));
}

type Attempt = { response: HttpResponse } | { failure: { code?: string; message: string } };

async function attemptOnce(
	context: IExecuteFunctions,
	request: IHttpRequestOptions,
	policy: SendPolicy,
	attempt: number,
): Promise<Attempt> {
	try {
		const raw = (await context.helpers.httpRequestWithAuthentication.call(context, policy.credentialType, {
			...request,
			encoding: 'arraybuffer',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: policy.timeoutMs,
			abortSignal: context.getExecutionCancelSignal?.(),
		})) as FullResponse;
		return {
			response: {
				statusCode: raw.statusCode,
				headers: raw.headers ?? {},
				body: toBuffer(raw.body),
				attempts: attempt + 1,
			},
		};
	} catch (error) {
		return { failure: networkFailure(error) };
	}
}

/**
 * Sends one authenticated request, retrying rate limits, server errors, timeouts and dropped
 * connections with backoff. `buildRequest` runs once per attempt because multipart bodies
 * holding streams can be sent only once. Returns the last response, whatever its status.
 */
export async function sendWithRetries(
	context: IExecuteFunctions,
	buildRequest: () => Promise<IHttpRequestOptions>,
	policy: SendPolicy,
): Promise<HttpResponse> {
	const signal = context.getExecutionCancelSignal?.();
	for (let attempt = 0; ; attempt++) {
		const outcome = await attemptOnce(context, await buildRequest(), policy, attempt);
		if (signal?.aborted) throw new CancelledError();

		if ('failure' in outcome) {
			const { code, message } = outcome.failure;
			if (attempt >= policy.maxRetries || !isRetryableNetworkCode(code)) {
				throw apiError(
					`Could not reach the gateway: ${message}${code ? ` (${code})` : ''}`,
					undefined,
					attempt > 0
						? `Gave up after ${attempt + 1} attempts. Check that the gateway is up, or raise "Timeout" and "Max Retries".`
						: 'Check the Base URL in the credential and that the gateway is reachable from n8n.',
				);
			}
			await waitUnlessCancelled(retryDelayMs(attempt, undefined), signal);
			continue;
		}

		const { response } = outcome;
		if (!isRetryableStatus(response.statusCode) || attempt >= policy.maxRetries) return response;
		const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
		if (retryAfterMs !== undefined && retryAfterMs > MAX_RETRY_AFTER_MS) return response;
		await waitUnlessCancelled(retryDelayMs(attempt, retryAfterMs), signal);
	}
}
