import type { INodeParameters } from 'n8n-workflow';

import type { GoogleFake } from '../gateway/google';
import type { RunOptions } from './engine';

/** A run against the Google fake through a credential whose provider is the Google Gemini API. */
export function googleRun(fake: GoogleFake, parameters: INodeParameters, rest: Partial<RunOptions> = {}): RunOptions {
	return {
		credentials: { provider: 'googleGemini', apiKey: fake.apiKey, googleBaseUrl: fake.url },
		parameters: { model: 'gemini-3-pro-image', prompt: 'Make it pop', ...parameters },
		...rest,
	};
}
