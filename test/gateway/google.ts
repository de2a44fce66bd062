/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * A strict local stand-in for Google's Gemini API (POST /v1beta/models/{model}:generateContent,
 * GET /v1beta/models) on 127.0.0.1, for engine tests and as a standalone server. It answers the
 * way Google does: the key only in `x-goog-api-key` (a bearer token is refused), API_KEY_INVALID
 * for a wrong key, 404 NOT_FOUND for an unknown or retired model, and a strict JSON body (see
 * googleRequest.ts). Prompts may carry [[fault:NAME]] directives (see googleFaults.ts).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { directivesOf } from './faults';
import { answer, GOOGLE_FAULTS, googleErrorBody, sendJson } from './googleFaults';
import { GoogleApiError, parseGeneration, type FakeModel, type ParsedGeneration } from './googleRequest';
import { listenLocally, readBody } from './listen';
import { renderedImage } from './server';

export const GOOGLE_MODELS: Record<string, FakeModel> = {
	'gemini-nano-banana-2.1': { maxImages: 14, imageSize: true, extendedRatios: true },
	'gemini-3-pro-image': { maxImages: 14, imageSize: true, extendedRatios: false },
	'gemini-3.1-flash-image': { maxImages: 14, imageSize: true, extendedRatios: true },
	'gemini-3.1-flash-lite-image': { maxImages: 14, imageSize: true, extendedRatios: true },
	'gemini-2.5-flash-image': { maxImages: 3, imageSize: false, extendedRatios: false },
};

export interface GoogleRequest {
	method: string;
	path: string;
	headers: IncomingMessage['headers'];
	/** The parsed JSON body of a generateContent call. */
	body?: unknown;
	generation?: ParsedGeneration;
	returned: Buffer[];
	status?: number;
}

export interface GoogleFake {
	url: string;
	apiKey: string;
	received: GoogleRequest[];
	/** generateContent requests only, in arrival order. */
	generations(): GoogleRequest[];
	close(): Promise<void>;
}

const GENERATE = /^\/v1beta\/models\/([^/:]+):generateContent$/;

function checkKey(request: IncomingMessage, apiKey: string): void {
	if (request.headers.authorization) {
		throw new GoogleApiError(
			401,
			'UNAUTHENTICATED',
			'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
		);
	}
	const key = request.headers['x-goog-api-key'];
	if (!key) {
		throw new GoogleApiError(403, 'PERMISSION_DENIED', "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.");
	}
	if (key !== apiKey) {
		throw new GoogleApiError(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [
			{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' },
		]);
	}
}

export async function startGoogleFake(options: { apiKey?: string } = {}): Promise<GoogleFake> {
	const apiKey = options.apiKey ?? `AIza-test-${randomUUID()}`;
	const received: GoogleRequest[] = [];
	const attemptsByPrompt = new Map<string, number>();

	async function generate(request: IncomingMessage, response: ServerResponse, record: GoogleRequest, modelId: string) {
		const body = await readBody(request);
		checkKey(request, apiKey);
		const model = GOOGLE_MODELS[modelId];
		if (!model) {
			throw new GoogleApiError(404, 'NOT_FOUND', `models/${modelId} is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`);
		}
		record.generation = parseGeneration(body, request.headers['content-type'], model);
		record.body = JSON.parse(body.toString('utf8'));
		const { prompt, images } = record.generation;
		const attempt = (attemptsByPrompt.get(prompt) ?? 0) + 1;
		attemptsByPrompt.set(prompt, attempt);
		const directives = directivesOf(prompt);
		if (directives.delayMs) await new Promise((resolve) => setTimeout(resolve, directives.delayMs));
		const image = renderedImage({ prompt }, images.map((entry) => ({ field: 'image', data: entry.data })), 0);
		const context = { response, prompt, model: modelId, image, returned: record.returned };
		const fault = directives.fault && (directives.times === undefined || attempt <= directives.times) ? directives.fault : undefined;
		if (fault) {
			const answerWithFault = GOOGLE_FAULTS[fault];
			if (!answerWithFault) throw new Error(`unknown Google fault "${fault}"`);
			return answerWithFault(context);
		}
		if (!record.generation.responseModalities.includes('IMAGE')) return answer(context, [{ text: 'A description instead of an image.' }]);
		record.returned.push(image);
		answer(context, [{ text: 'Here is your image.' }, { inlineData: { mimeType: 'image/png', data: image.toString('base64') } }]);
	}

	const server = await listenLocally((request, response) => {
		const path = (request.url ?? '/').split('?')[0];
		const record: GoogleRequest = { method: request.method ?? 'GET', path, headers: request.headers, returned: [] };
		received.push(record);
		response.on('finish', () => (record.status = response.statusCode));
		const route = async () => {
			const generation = GENERATE.exec(path);
			if (request.method === 'POST' && generation) return await generate(request, response, record, decodeURIComponent(generation[1]));
			if (request.method === 'GET' && path === '/v1beta/models') {
				checkKey(request, apiKey);
				return sendJson(response, 200, {
					models: Object.keys(GOOGLE_MODELS).map((id) => ({ name: `models/${id}`, supportedGenerationMethods: ['generateContent'] })),
				});
			}
			response.writeHead(404, { 'content-type': 'text/html; charset=UTF-8' });
			response.end(`<!DOCTYPE html><html><title>Error 404 (Not Found)!!1</title><p>The requested URL <code>${path}</code> was not found on this server.</p></html>`);
		};
		route().catch((error: unknown) => {
			if (response.headersSent) return void response.destroy();
			const known = error instanceof GoogleApiError ? error : new GoogleApiError(500, 'INTERNAL', (error as Error).message);
			sendJson(response, known.code, googleErrorBody(known.code, known.status, known.message, known.details));
		});
	});

	return {
		url: server.url,
		apiKey,
		received,
		generations: () => received.filter((entry) => GENERATE.test(entry.path)),
		close: server.close,
	};
}
