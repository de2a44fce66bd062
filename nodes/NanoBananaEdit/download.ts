import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { describeUrl } from './baseUrl';
import { type BinaryStream, type ImageContent, limitStreamSize, peekStream } from './binaryStream';
import { apiError } from './errors';
import { formatBytes } from './httpErrors';
import { describeNonImage, type ImageType, SNIFF_BYTES, sniffImageType } from './imageType';
import { decodeBase64 } from './providers/openAiCompatible/response';

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
const DATA_IMAGE_URL = /^data:image\/[a-z0-9.+-]+;base64,/i;

interface StreamResponse {
	statusCode: number;
	headers?: Record<string, unknown>;
	body: BinaryStream;
}

function notAnImage(head: Buffer, url: string, contentType: string | undefined) {
	return apiError(
		`The image URL ${describeUrl(url)} did not return an image: it returned ${describeNonImage(head, contentType)}`,
		undefined,
		'The link may have expired (gateway URLs often last minutes to hours). Run the item again, or use "Response Format: Base64 JSON".',
	);
}

/** Fetches a generated image the gateway answered with as a URL, streaming it when it can. */
export async function downloadImage(
	context: IExecuteFunctions,
	url: string,
	limits: DownloadLimits,
): Promise<DownloadedImage> {
	if (DATA_IMAGE_URL.test(url)) {
		const bytes = decodeBase64(url, 'The data: URL');
		const type = sniffImageType(bytes);
		if (!type) throw notAnImage(bytes, 'data:', undefined);
		return { content: bytes, type };
	}
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		throw apiError(`The gateway returned an image URL that is not a valid URL: "${url.slice(0, 80)}"`);
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
		throw apiError(
			`The gateway returned an image URL with the unsupported scheme "${parsed.protocol}"; only http and https are fetched`,
		);
	}

	const request: IHttpRequestOptions = {
		method: 'GET',
		url,
		encoding: 'stream',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: limits.timeoutMs,
		maxRedirects: MAX_REDIRECTS,
		abortSignal: context.getExecutionCancelSignal?.(),
	};
	const sent = parsed.origin === limits.gatewayOrigin
		? context.helpers.httpRequestWithAuthentication.call(context, limits.credentialType, request)
		: context.helpers.httpRequest(request);
	const response = (await sent.catch((error: { cause?: Error; message?: string }) => {
		const reason = error.cause?.message ?? error.message;
		return apiError(`Downloading the image from ${describeUrl(url)} failed: ${reason}`);
	})) as StreamResponse | Error;
	if (response instanceof Error) throw response;

	const stream = response.body;
	if (response.statusCode < 200 || response.statusCode >= 300) {
		stream.destroy();
		throw apiError(
			`Downloading the image from ${describeUrl(url)} failed (${response.statusCode})`,
			response.statusCode,
			'The link may have expired. Run the item again, or use "Response Format: Base64 JSON".',
		);
	}
	const declaredLength = Number(response.headers?.['content-length']);
	const tooLarge = () =>
		apiError(
			`The image at ${describeUrl(url)} is larger than the ${formatBytes(limits.maxBytes)} limit`,
			undefined,
			'Raise "Max Download Size (MB)" if you expect images this large.',
		);
	if (declaredLength > limits.maxBytes) {
		stream.destroy();
		throw tooLarge();
	}
	const contentType = response.headers?.['content-type'];
	const { head, content } = await peekStream(stream, SNIFF_BYTES);
	const type = sniffImageType(head);
	if (!type) {
		if (!Buffer.isBuffer(content)) content.destroy();
		throw notAnImage(head, url, typeof contentType === 'string' ? contentType : undefined);
	}
	if (Buffer.isBuffer(content)) {
		if (content.length > limits.maxBytes) throw tooLarge();
	} else {
		limitStreamSize(content, limits.maxBytes, tooLarge);
	}
	return { content, type };
}
