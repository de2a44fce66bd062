import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { type BinaryStream, readAtMost } from './binaryStream';
import { apiError } from './errors';
import { relayStream } from './relayStream';
import {
	CancelledError,
	isRetryableNetworkCode,
	isRetryableStatus,
	MAX_RETRY_AFTER_MS,
	parseRetryAfter,
	retryDelayMs,
	waitUnlessCancelled,
} from './retry';

/** An answer of the gateway: read into memory (errors), or still streaming in (a 2xx being read). */
export interface HttpResponse<Body = Buffer> {
	statusCode: number;
	headers: IDataObject;
	body: Body;
	attempts: number;
}

export type StreamedAnswer = HttpResponse<BinaryStream>;

export interface SendPolicy {
	credentialType: string;
	/** The credential's values when the caller has them already, so n8n does not load them per request. */
	credentials?: ICredentialDataDecryptedObject;
	maxRetries: number;
	timeoutMs: number;
	/** The provider's reading of a retry delay stated in the body, used when there is no Retry-After. */
	retryAfterMs?: (response: HttpResponse) => number | undefined;
	/** Lets other items use this item's concurrency slot while it waits to retry. */
	releaseWhile?: <T>(wait: () => Promise<T>) => Promise<T>;
}

/** The 2xx answer as `readAnswer` read it, or the last other answer once retrying is over. */
export type SendResult<T> = { ok: true; value: T } | { ok: false; response: HttpResponse };

/** Error bodies are read this far: enough for any message or preview. */
const ERROR_BODY_BYTES = 64 * 1024;

interface FullResponse {
	statusCode: number;
	headers?: IDataObject;
	body: BinaryStream;
}

interface NetworkFailure {
	code?: string;
	message: string;
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
function networkFailure(error: unknown): NetworkFailure {
	const failure = error as RequestFailure;
	const source = failure.cause ?? failure;
	return { code: source.code ?? failure.httpCode ?? undefined, message: source.message ?? String(error) };
}

/** A stream error while an answer was coming in, as a failure of the attempt (worth a retry). */
function brokenAnswer(error: unknown): NetworkFailure | undefined {
	const code = (error as RequestFailure).code;
	if (typeof code !== 'string') return undefined;
	// A stall keeps its timeout code; any other break counts as a dropped connection.
	return { code: code === 'ETIMEDOUT' ? code : 'ECONNRESET', message: 'the answer broke off before its end' };
}

const isSuccess = (status: number) => status >= 200 && status < 300;

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

type Attempt<T> = { result: SendResult<T> } | { failure: NetworkFailure };

async function attemptOnce<T>(
	context: IExecuteFunctions,
	request: IHttpRequestOptions,
	policy: SendPolicy,
	attempt: number,
	readAnswer: (answer: StreamedAnswer) => Promise<T>,
): Promise<Attempt<T>> {
	const signal = context.getExecutionCancelSignal?.();
	const { credentialType, credentials } = policy;
	const known = credentials && { credentialsDecrypted: { id: '', name: credentialType, type: credentialType, data: credentials } };
	let raw: FullResponse;
	try {
		raw = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			credentialType,
			{
				...request,
				encoding: 'stream',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: policy.timeoutMs,
				// Following redirects makes axios keep a copy of the whole upload for replaying it.
				disableFollowRedirect: true,
				abortSignal: signal,
			},
			known,
		)) as FullResponse;
	} catch (error) {
		return { failure: networkFailure(error) };
	}
	// axios's timeout ends once the headers are in; the relay's covers a body that stops coming.
	const body = relayStream(raw.body, {
		idleMs: policy.timeoutMs,
		idleError: () => Object.assign(new Error(`no data for ${policy.timeoutMs / 1000} s`), { code: 'ETIMEDOUT' }),
	});
	const answer: StreamedAnswer = { statusCode: raw.statusCode, headers: raw.headers ?? {}, body, attempts: attempt + 1 };
	const read: Promise<SendResult<T>> = isSuccess(answer.statusCode)
		? readAnswer(answer).then((value) => ({ ok: true, value }))
		: readAtMost(answer.body, ERROR_BODY_BYTES).then((body) => ({ ok: false, response: { ...answer, body } }));
	return await read
		.then(
			(result): Attempt<T> => ({ result }),
			(error: unknown): Attempt<T> => {
				const failure = brokenAnswer(error);
				if (!failure) throw error;
				return { failure };
			},
		)
		.finally(() => answer.body.destroy());
}

/**
 * Sends one authenticated request, retrying rate limits, server errors, timeouts and dropped
 * connections with backoff, and reads a 2xx answer with `readAnswer` while it streams in (a
 * connection dropped half-way is retried too). `buildRequest` runs once per attempt because
 * multipart bodies holding streams can be sent only once. While waiting to retry, the item's
 * concurrency slot goes to other items.
 */
export async function sendWithRetries<T>(
	context: IExecuteFunctions,
	buildRequest: () => Promise<IHttpRequestOptions>,
	policy: SendPolicy,
	readAnswer: (answer: StreamedAnswer) => Promise<T>,
): Promise<SendResult<T>> {
	const signal = context.getExecutionCancelSignal?.();
	const waitToRetry = async (ms: number) => {
		const wait = async () => await waitUnlessCancelled(ms, signal);
		await (policy.releaseWhile ? policy.releaseWhile(wait) : wait());
	};
	for (let attempt = 0; ; attempt++) {
		if (signal?.aborted) throw new CancelledError();
		const outcome = await attemptOnce(context, await buildRequest(), policy, attempt, readAnswer);
		if (signal?.aborted) throw new CancelledError();

		if ('failure' in outcome) {
			const { code, message } = outcome.failure;
			if (attempt >= policy.maxRetries || !isRetryableNetworkCode(code)) {
				throw networkError(code, message, policy.timeoutMs, attempt + 1);
			}
			await waitToRetry(retryDelayMs(attempt, undefined));
			continue;
		}

		const { result } = outcome;
		if (result.ok || !isRetryableStatus(result.response.statusCode) || attempt >= policy.maxRetries) return result;
		const { response } = result;
		const retryAfterMs = parseRetryAfter(response.headers['retry-after']) ?? policy.retryAfterMs?.(response);
		if (retryAfterMs !== undefined && retryAfterMs > MAX_RETRY_AFTER_MS) return result;
		await waitToRetry(retryDelayMs(attempt, retryAfterMs));
	}
}
