import { describeUrl } from '../../baseUrl';
import { apiError, type EditError } from '../../errors';
import { type ErrorContext, formatBytes, gatewayMessage } from '../../httpErrors';
import type { HttpResponse } from '../../transport';
import { modelOfUrl } from './endpoint';
import { readGoogleError } from './errorBody';

export const CURRENT_MODELS = 'gemini-3-pro-image, gemini-nano-banana-2.1, gemini-3.1-flash-lite-image or gemini-2.5-flash-image';
const KEY_HINT =
	'Check the API key in the Nano Banana API credential: it should be a Google AI Studio key (https://aistudio.google.com/apikey) for a project with the Gemini API enabled.';

/** Explains a final non-2xx answer of the Gemini API in its own terms (status names, error reasons). */
export function describeGoogleError(response: HttpResponse, context: ErrorContext): EditError {
	const status = response.statusCode;
	const google = readGoogleError(response.body);
	const code = [status, google.reason ?? google.status].filter(Boolean).join(' ');
	const said = google.message ?? gatewayMessage(response.body);
	const detail = said ? `: ${said}` : '';
	const tries = response.attempts > 1 ? ` after ${response.attempts} attempts` : '';

	if (google.reason === 'API_KEY_INVALID' || status === 401 || status === 403) {
		return apiError(`Google rejected the API key (${code})${detail}`, status, KEY_HINT);
	}
	if (status === 404) {
		const model = modelOfUrl(context.url);
		return apiError(
			`Google has no model "${model}" at ${describeUrl(context.url)} (${code})${detail}`,
			status,
			`Use a current Google model ID such as ${CURRENT_MODELS}; the -preview IDs were shut down. If the Base URL points at a proxy, check it too.`,
		);
	}
	if (status === 413) {
		return apiError(
			`Google refused the request as too large (${code}): the reference images total ${formatBytes(context.uploadBytes)}`,
			status,
			'Send fewer or smaller reference images: Google takes about 100 MB of inline data per request.',
		);
	}
	if (status === 429) {
		const wait = google.retryDelayMs !== undefined ? ` Google asks to wait ${google.retryDelayMs / 1000} s.` : '';
		return apiError(
			`Google is rate limiting requests (${code})${tries}${detail}`,
			status,
			`Lower "Concurrency", raise "Max Retries", or check the quota of your Google project.${wait}`,
		);
	}
	if (status >= 500) {
		return apiError(
			`Google failed (${code})${tries}${detail}`,
			status,
			'The model is overloaded or Google had a problem. Try again later, or raise "Max Retries".',
		);
	}
	return apiError(
		`Google rejected the request (${code})${detail}`,
		status,
		'Check the prompt, size, model and number of reference images against what the model accepts.',
	);
}
