import type { ImageProvider } from '../types';
import { retryInfoDelayMs } from './errorBody';
import { describeGoogleError } from './errors';
import { buildGenerateContentRequest } from './request';
import { parseGenerateContentResponse } from './response';

export const geminiProvider: ImageProvider = {
	buildRequest: buildGenerateContentRequest,
	parseResponse: parseGenerateContentResponse,
	describeError: describeGoogleError,
	retryAfterMs: retryInfoDelayMs,
};
