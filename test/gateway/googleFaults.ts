/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * Answers the Google fake can give instead of a normal one, chosen by `[[fault:NAME]]` in the
 * prompt (with `[[times:N]]`: only the first N attempts of that prompt), plus
 * `[[retryDelay:1.5s]]` for the RetryInfo of a 429.
 */
import type { ServerResponse } from 'node:http';

import { makeJpeg, makePng } from './png';

export interface GoogleFaultContext {
	response: ServerResponse;
	prompt: string;
	model: string;
	/** The image a normal answer would carry. */
	image: Buffer;
	/** Records the images the answer carries, in order. */
	returned: Buffer[];
}

type GoogleFault = (context: GoogleFaultContext) => void;

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	const text = JSON.stringify(body);
	response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text), ...headers });
	response.end(text);
}

export const googleErrorBody = (code: number, status: string, message: string, details: object[] = []) => ({
	error: { code, message, status, ...(details.length ? { details } : {}) },
});

const inline = (image: Buffer, mimeType = 'image/png') => ({ inlineData: { mimeType, data: image.toString('base64') } });

/** A normal-looking answer whose candidate holds `parts` (images among them recorded as returned). */
export function answer(context: GoogleFaultContext, parts: object[], finishReason = 'STOP', extra: object = {}): void {
	sendJson(context.response, 200, {
		candidates: [{ content: { role: 'model', parts }, finishReason, index: 0, ...extra }],
		usageMetadata: { promptTokenCount: 12, candidatesTokenCount: 1290, totalTokenCount: 1302 },
		modelVersion: context.model,
		responseId: `fake-${Date.now().toString(36)}`,
	});
}

function withImages(context: GoogleFaultContext, images: Buffer[], text?: string, mimeType?: string): void {
	context.returned.push(...images);
	answer(context, [...(text ? [{ text }] : []), ...images.map((image) => inline(image, mimeType))]);
}

const retryDelayOf = (prompt: string) => /\[\[retryDelay:([^\]]+)\]\]/.exec(prompt)?.[1];

const failing =
	(code: number, status: string, message: string): GoogleFault =>
	({ response }) =>
		sendJson(response, code, googleErrorBody(code, status, message));

const blockedCandidate =
	(finishReason: string, finishMessage?: string): GoogleFault =>
	(context) =>
		sendJson(context.response, 200, {
			candidates: [{ finishReason, index: 0, ...(finishMessage ? { finishMessage } : {}) }],
			modelVersion: context.model,
		});

export const GOOGLE_FAULTS: Record<string, GoogleFault> = {
	'429': ({ response, prompt }) => {
		const delay = retryDelayOf(prompt);
		const retryInfo = delay ? [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: delay }] : [];
		sendJson(
			response,
			429,
			googleErrorBody(429, 'RESOURCE_EXHAUSTED', 'You exceeded your current quota, please check your plan and billing details.', [
				{ '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaMetric: 'generate_content_free_tier_requests' }] },
				...retryInfo,
			]),
		);
	},
	'500': failing(500, 'INTERNAL', 'An internal error has occurred.'),
	'503': failing(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.'),
	'504': failing(504, 'DEADLINE_EXCEEDED', 'Deadline expired before operation could complete.'),
	'block-prompt': ({ response, model }) =>
		sendJson(response, 200, { promptFeedback: { blockReason: 'PROHIBITED_CONTENT' }, modelVersion: model }),
	'image-safety': blockedCandidate('IMAGE_SAFETY', 'Unable to show the generated image. The image was filtered out.'),
	'no-image-reason': blockedCandidate('NO_IMAGE'),
	'text-only': (context) => answer(context, [{ text: 'I can describe a cat, but I will not draw one.' }]),
	thoughts: (context) => {
		const draft = makePng(3, 3, [1, 2, 3]);
		context.returned.push(context.image);
		answer(context, [
			{ text: 'Planning the composition', thought: true },
			{ ...inline(draft), thought: true },
			{ text: 'Here is the edited image.' },
			{ ...inline(context.image), thoughtSignature: 'c2lnbmF0dXJl' },
		]);
	},
	jpeg: (context) => withImages(context, [makeJpeg('google')], undefined, 'image/jpeg'),
	'two-images': (context) => withImages(context, [context.image, makePng(5, 5, [9, 9, 9])], 'Two takes.'),
	'invalid-base64': (context) => answer(context, [{ inlineData: { mimeType: 'image/png', data: '###not base64###' } }]),
	'not-json': ({ response }) => {
		response.writeHead(200, { 'content-type': 'text/html' });
		response.end('<html><head><title>Proxy login</title></head><body>Sign in</body></html>');
	},
};
