import { describeUrl } from './baseUrl';
import { apiError, type EditError } from './errors';
import type { HttpResponse } from './transport';

const PREVIEW_CHARS = 200;

export function formatBytes(bytes: number): string {
	if (bytes < 1024) return `${bytes} B`;
	if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
	return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The first characters of a body, on one line, for messages about unexpected answers. */
export function previewBody(body: Buffer): string {
	const text = body.subarray(0, PREVIEW_CHARS * 4).toString('utf8').replace(/\s+/g, ' ').trim();
	return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
}

/** The human part of an error body: OpenAI-style `{error:{message}}`, `{message}`, an HTML title, or text. */
export function gatewayMessage(body: Buffer): string {
	const text = body.toString('utf8').trim();
	if (!text) return '';
	try {
		const json = JSON.parse(text) as Record<string, unknown>;
		const error = json.error;
		if (typeof error === 'string') return error;
		if (error && typeof error === 'object') {
			const message = (error as Record<string, unknown>).message;
			if (typeof message === 'string') return message;
		}
		for (const key of ['message', 'detail', 'msg']) {
			if (typeof json[key] === 'string') return json[key] as string;
		}
	} catch {
		const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
		if (title) return `HTML page "${title}"`;
	}
	return previewBody(body);
}

/** The fix for a 2xx answer whose image the node cannot use (malformed, missing or not an image). */
export const UNUSABLE_ANSWER_FIX =
	'The gateway sent a broken answer. Run the item again; if it keeps happening, switch "Response Format" (Base64 JSON or URL) or report it to the gateway operator.';

export interface ErrorContext {
	url: string;
	uploadBytes: number;
}

/** Explains a final non-2xx answer: what went wrong and what the user can change. */
export function errorForStatus(response: HttpResponse, context: ErrorContext): EditError {
	const status = response.statusCode;
	const said = gatewayMessage(response.body);
	const detail = said ? `: ${said}` : '';
	const tries = response.attempts > 1 ? ` after ${response.attempts} attempts` : '';
	if (status === 401 || status === 403) {
		return apiError(
			`The gateway rejected the API key (${status})${detail}`,
			status,
			'Check the API key in the Nano Banana API credential, and that it may use this model.',
		);
	}
	if (status === 404) {
		return apiError(
			`Nothing found at ${describeUrl(context.url)} (404)${detail}`,
			status,
			'Check the Base URL in the credential: it should be the gateway root such as https://gateway.example.com (the node adds /v1/images/edits). Also check the model ID.',
		);
	}
	if (status === 408) {
		return apiError(
			`The gateway gave up waiting for the request (408)${tries}${detail}`,
			status,
			'The upload was too slow or the gateway too busy. Try again later, send smaller reference images, or raise "Max Retries".',
		);
	}
	if (status === 413) {
		return apiError(
			`The gateway refused the upload as too large (413): the reference images total ${formatBytes(context.uploadBytes)}`,
			status,
			'Send fewer or smaller reference images (resize or compress them first, e.g. with the Edit Image node).',
		);
	}
	if (status === 429) {
		return apiError(
			`The gateway is rate limiting requests (429)${tries}${detail}`,
			status,
			'Lower "Concurrency", raise "Max Retries", or check your plan quota at the gateway.',
		);
	}
	if (status >= 500) {
		return apiError(
			`The gateway failed (${status})${tries}${detail}`,
			status,
			'This is a problem at the gateway or the model behind it. Try again later, or raise "Max Retries".',
		);
	}
	return apiError(
		`The gateway rejected the request (${status})${detail}`,
		status,
		'Check the prompt, size, model and extra fields against what your gateway accepts.',
	);
}
