import { GOOGLE_GEMINI_BASE_URL } from '../../../../credentials/NanoBananaApi.credentials';
import { normalizeBaseUrl } from '../../baseUrl';

export const MODELS_PATH = '/v1beta/models';

/**
 * The Gemini API root for a configured base URL: empty means Google's own endpoint, and pasted
 * paths such as `/v1beta` or `/v1beta/models/...:generateContent` are dropped.
 * Returns undefined when the text is not an http(s) URL.
 */
export function normalizeGeminiBaseUrl(raw: unknown): string | undefined {
	const text = typeof raw === 'string' && raw.trim() ? raw : GOOGLE_GEMINI_BASE_URL;
	return normalizeBaseUrl(text)?.replace(/\/v1(beta|alpha)?(\/models(\/[^/]*)?)?$/i, '');
}

export const generateContentUrl = (baseUrl: string, model: string) =>
	`${baseUrl}${MODELS_PATH}/${encodeURIComponent(model.replace(/^models\//, ''))}:generateContent`;

/** The model named in a generateContent URL, for messages about it. */
export function modelOfUrl(url: string): string {
	const match = /\/models\/([^/:]+):generateContent/.exec(url);
	return match ? decodeURIComponent(match[1]) : '';
}
