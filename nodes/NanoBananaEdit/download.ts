import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { describeUrl } from './baseUrl';
import { type BinaryStream, type ImageContent, limitStreamSize, peekStream } from './binaryStream';
import { apiError, EditError } from './errors';
import { formatBytes, UNUSABLE_ANSWER_FIX } from './httpErrors';
import { describeNonImage, type ImageType, SNIFF_BYTES, sniffImageType } from './imageType';
import { DATA_IMAGE_URL } from './imageUrls';
import { decodeBase64 } from './providers/openAiCompatible/response';
import { relayStream } from './relayStream';

export interface DownloadLimits {
	maxBytes: number;
	timeoutMs: number;
	/** The gateway's origin: only URLs there get the credential's Authorization header. */
	gatewayOrigin: string;
	credentialType: string;
}

export interface DownloadedImage {
	content: ImageContent;
	type: ImageType;
}

const MAX_REDIRECTS = 5;
const EXPIRED_LINK_FIX =
	'The link may have expired (gateway URLs often last minutes to hours). Run the item again, or use "Response Format: Base64 JSON".';
const REFUSED_URL_FIX =
	'The node fetches only http(s) links and base64 data: images. Use "Response Format: Base64 JSON", or report it to the gateway operator.';
const SLOW_LINK_FIX =
	'The server holding the image is slow or unreachable. Run the item again, raise "Timeout", or use "Response Format: Base64 JSON".';

interface StreamResponse {
	statusCode: number;
	headers?: Record<string, unknown>;
	body: BinaryStream;
}

interface RequestFailure {
	code?: string;
	message?: string;
	/** n8n's own errors (e.g. its SSRF protection blocking an address) say what to do here. */
	description?: unknown;
	cause?: RequestFailure;
}

function decodeDataUrl(url: string): DownloadedImage {
	const bytes = decodeBase64(url, 'The data: URL the gateway returned');
	const type = sniffImageType(bytes);
	if (!type) {
		throw apiError(
			`The data: URL the gateway returned is not an image: it is ${describeNonImage(bytes)}`,
			undefined,
			UNUSABLE_ANSWER_FIX,
		);
	}
	return { content: bytes, type };
}

/** Parses a URL from the gateway (or a redirect), refusing every scheme but http(s). */
function fetchableUrl(raw: string, base?: URL): URL {
	let url: URL;
	try {
		url = new URL(raw, base);
	} catch {
		throw apiError(`The gateway returned an image URL that is not a valid URL: "${raw.slice(0, 80)}"`, undefined, UNUSABLE_ANSWER_FIX);
	}
	if (url.protocol === 'data:') {
		const mediaType = /^data:([^;,]*)/i.exec(raw)?.[1] || 'no media type';
		throw apiError(
			`The gateway returned a data: URL that is not a base64-encoded image (${mediaType.slice(0, 40)})`,
			undefined,
			REFUSED_URL_FIX,
		);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw apiError(
			`The gateway returned an image URL with the unsupported scheme "${url.protocol}"; only http and https are fetched`,
			undefined,
			REFUSED_URL_FIX,
		);
	}
	return url;
}

/**
 * The time limit of one download, redirects, headers and body together. On expiry it fails the
 * body with a clear error and then aborts the request, which is the only way to stop axios from
 * waiting on a stalled body; in that order, so the body's consumer sees the clear error.
 */
class Deadline {
	readonly signal: AbortSignal;
	private readonly timer: AbortSignal;
	private readonly endsAt: number;
	private body?: BinaryStream;

	constructor(
		private readonly url: URL,
		private readonly timeoutMs: number,
		cancel: AbortSignal | undefined,
	) {
		this.endsAt = Date.now() + timeoutMs;
		this.timer = AbortSignal.timeout(timeoutMs);
		// Registered before the request exists, so it runs before axios's own abort listener.
		this.timer.addEventListener('abort', () => this.body?.destroy(this.expired()), { once: true });
		this.signal = cancel ? AbortSignal.any([cancel, this.timer]) : this.timer;
	}

	get passed(): boolean {
		return this.timer.aborted;
	}

	get remainingMs(): number {
		return Math.max(1, this.endsAt - Date.now());
	}

	watch(body: BinaryStream): void {
		this.body = body;
		body.once('close', () => (this.body = undefined));
	}

	expired(): EditError {
		return apiError(
			`Downloading the image from ${describeUrl(this.url.href)} did not finish within ${this.timeoutMs / 1000} s`,
			undefined,
			SLOW_LINK_FIX,
		);
	}
}

function requestFailed(error: unknown, url: URL, deadline: Deadline): EditError {
	const failure = error as RequestFailure;
	const source = failure.cause ?? failure;
	const code = source.code ?? failure.code;
	if (deadline.passed || code === 'ECONNABORTED' || code === 'ETIMEDOUT') return deadline.expired();
	const reason = source.message ?? failure.message ?? String(error);
	const fix = [source.description, failure.description].find((text) => typeof text === 'string' && text);
	return apiError(
		`Downloading the image from ${describeUrl(url.href)} failed: ${reason}${code ? ` (${code})` : ''}`,
		undefined,
		typeof fix === 'string' ? fix : SLOW_LINK_FIX,
	);
}

/** One GET, with the credential only when the URL is on the gateway's own origin. */
async function requestOnce(
	context: IExecuteFunctions,
	url: URL,
	limits: DownloadLimits,
	deadline: Deadline,
): Promise<StreamResponse> {
	const request: IHttpRequestOptions = {
		method: 'GET',
		url: url.href,
		encoding: 'stream',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: deadline.remainingMs,
		// Redirects are followed below, so that each hop gets the credential only on the gateway's origin.
		disableFollowRedirect: true,
		abortSignal: deadline.signal,
	};
	try {
		return (await (url.origin === limits.gatewayOrigin
			? context.helpers.httpRequestWithAuthentication.call(context, limits.credentialType, request)
			: context.helpers.httpRequest(request))) as StreamResponse;
	} catch (error) {
		throw requestFailed(error, url, deadline);
	}
}

async function requestFollowingRedirects(
	context: IExecuteFunctions,
	first: URL,
	limits: DownloadLimits,
	deadline: Deadline,
): Promise<StreamResponse> {
	let url = first;
	for (let hop = 0; ; hop++) {
		const response = await requestOnce(context, url, limits, deadline);
		const location = response.headers?.location;
		if (response.statusCode < 300 || response.statusCode >= 400 || typeof location !== 'string') return response;
		response.body.destroy();
		if (hop >= MAX_REDIRECTS) {
			throw apiError(
				`The image URL ${describeUrl(first.href)} redirected more than ${MAX_REDIRECTS} times`,
				response.statusCode,
				'The gateway\'s file links go round in circles. Use "Response Format: Base64 JSON", or report it to the gateway operator.',
			);
		}
		url = fetchableUrl(location, url);
	}
}

/** Fetches a generated image the gateway answered with as a URL, streaming it when it can. */
export async function downloadImage(
	context: IExecuteFunctions,
	rawUrl: string,
	limits: DownloadLimits,
): Promise<DownloadedImage> {
	if (DATA_IMAGE_URL.test(rawUrl)) return decodeDataUrl(rawUrl);
	const url = fetchableUrl(rawUrl);
	const deadline = new Deadline(url, limits.timeoutMs, context.getExecutionCancelSignal?.());
	const response = await requestFollowingRedirects(context, url, limits, deadline);

	const stream = relayStream(response.body);
	deadline.watch(stream);
	if (response.statusCode < 200 || response.statusCode >= 300) {
		stream.destroy();
		throw apiError(
			`Downloading the image from ${describeUrl(url.href)} failed (${response.statusCode})`,
			response.statusCode,
			EXPIRED_LINK_FIX,
		);
	}
	const tooLarge = () =>
		apiError(
			`The image at ${describeUrl(url.href)} is larger than the ${formatBytes(limits.maxBytes)} limit`,
			undefined,
			'Raise "Max Download Size (MB)" if you expect images this large.',
		);
	if (Number(response.headers?.['content-length']) > limits.maxBytes) {
		stream.destroy();
		throw tooLarge();
	}
	const contentType = response.headers?.['content-type'];
	const { head, content } = await peekStream(stream, SNIFF_BYTES).catch((error: unknown) => {
		throw downloadInterrupted(rawUrl, error);
	});
	const type = sniffImageType(head);
	if (!type) {
		if (!Buffer.isBuffer(content)) content.destroy();
		throw apiError(
			`The image URL ${describeUrl(url.href)} did not return an image: it returned ${describeNonImage(head, typeof contentType === 'string' ? contentType : undefined)}`,
			undefined,
			EXPIRED_LINK_FIX,
		);
	}
	if (Buffer.isBuffer(content)) {
		if (content.length > limits.maxBytes) throw tooLarge();
	} else {
		limitStreamSize(content, limits.maxBytes, tooLarge);
	}
	return { content, type };
}

/**
 * Explains a download that broke off while its body was being read (by whoever consumes the
 * stream): the connection dropped or the server stopped sending. Errors already explained pass.
 */
export function downloadInterrupted(rawUrl: string, error: unknown): EditError {
	if (error instanceof EditError) return error;
	const reason = (error as RequestFailure | null)?.message ?? String(error);
	return apiError(
		`Downloading the image from ${describeUrl(rawUrl)} broke off: ${reason}`,
		undefined,
		'The connection to the server holding the image dropped. Run the item again, or use "Response Format: Base64 JSON".',
	);
}
