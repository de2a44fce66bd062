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

interface RequestFailure {
	code?: string;
	httpCode?: string;
	message?: string;
	cause?: RequestFailure;
}

/**
 * The network failure behind an error from n8n's request helpers. n8n 2.x keeps the axios error
 * as `cause`; n8n 1.x drops it and leaves only the code in `httpCode`.
 */
function networkFailure(error: unknown): { code?: string; message: string } {
	const failure = error as RequestFailure;
	const source = failure.cause ?? failure;
	return { code: source.code ?? failure.httpCode ?? undefined, message: source.message ?? String(error) };
}

function toBuffer(body: unknown): Buffer {
	if (Buffer.isBuffer(body)) return body;
	if (body instanceof ArrayBuffer) return Buffer.from(body);
	if (typeof body === 'string') return Buffer.from(body);
	return Buffer.from(JSON.stringify(body ?? ''));
}

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

function networkError(code: string | undefined, message: string, timeoutMs: number, attempts: number) {
	const tries = attempts > 1 ? ` (${attempts} attempts)` : '';
	if (code && TIMEOUT_CODES.has(code)) {
		return apiError(
			`The gateway did not answer within ${timeoutMs / 1000} s${tries}`,
			undefined,
			'Image models can take a minute or more: raise "Timeout" in the options, or try again later.',
		);
	}
	if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
		return apiError(
			`Could not connect to the gateway (${code})${tries}`,
			undefined,
			'Check the Base URL in the credential and that the gateway is reachable from n8n.',
		);
	}
	return apiError(
		`The connection to the gateway failed: ${message}${code ? ` (${code})` : ''}${tries}`,
		undefined,
		'The gateway or a proxy dropped the connection. Try again, or raise "Max Retries".',
	);
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
			// Following redirects makes axios keep a copy of the whole upload for replaying it.
			disableFollowRedirect: true,
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
				throw networkError(code, message, policy.timeoutMs, attempt + 1);
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
