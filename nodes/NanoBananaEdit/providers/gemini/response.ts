import type { IDataObject } from 'n8n-workflow';

import { Base64Decoder, DecodedBase64 } from '../../base64Decoder';
import { apiError } from '../../errors';
import { previewBody } from '../../httpErrors';
import { readJsonAnswer } from '../../jsonAnswer';
import type { JsonPath } from '../../streamingJson';
import type { StreamedAnswer } from '../../transport';
import type { GeneratedImage, ProviderResult } from '../types';

interface Part {
	text?: string;
	/** `data` is decoded while the answer streams in (see isInlineData). */
	inlineData?: { mimeType?: string; data?: unknown };
	/** Interim "thinking" output, including draft images: never the answer. */
	thought?: boolean;
}

interface Candidate {
	content?: { parts?: Part[] };
	finishReason?: string;
	finishMessage?: string;
}

interface GenerateContentResponse {
	candidates?: Candidate[];
	promptFeedback?: { blockReason?: string; blockReasonMessage?: string };
	usageMetadata?: IDataObject;
	modelVersion?: string;
	responseId?: string;
}

/** Finish reasons that mean a filter refused the output, rather than the model failing to draw. */
const BLOCKED_FINISH_REASONS = new Set([
	'SAFETY',
	'RECITATION',
	'BLOCKLIST',
	'PROHIBITED_CONTENT',
	'SPII',
	'IMAGE_SAFETY',
	'IMAGE_PROHIBITED_CONTENT',
	'IMAGE_RECITATION',
]);

const REPHRASE = 'Rephrase the prompt or use other reference images.';

/** `candidates[i].content.parts[j].inlineData.data`: images decoded on the way in, never held as text. */
const isInlineData = (path: JsonPath) =>
	path.length === 7 &&
	path[0] === 'candidates' &&
	path[2] === 'content' &&
	path[3] === 'parts' &&
	path[5] === 'inlineData' &&
	path[6] === 'data';

async function readAnswer(answer: StreamedAnswer): Promise<GenerateContentResponse> {
	const length = Number(answer.headers['content-length']) || undefined;
	const parsed = await readJsonAnswer(answer.body, (path, offset) =>
		isInlineData(path) ? new Base64Decoder(length && length - offset) : undefined,
	);
	const { value } = parsed as { value?: unknown };
	if (parsed.isJson && value && typeof value === 'object' && !Array.isArray(value)) return value as GenerateContentResponse;
	const contentType = String(answer.headers['content-type'] ?? 'unknown type');
	throw apiError(
		`Google answered ${answer.statusCode} but not with JSON (${contentType}): "${previewBody(parsed.head)}"`,
		answer.statusCode,
		'A proxy in front of the Gemini API may have answered instead. Check the Base URL in the credential.',
	);
}

const BROKEN_ANSWER_FIX =
	'Google sent a broken answer. Run the item again; if it keeps happening, try another image model.';

function imageBytes(data: unknown, index: number): Buffer {
	const decoded = data instanceof DecodedBase64 ? data : undefined;
	if (!decoded?.bytes?.length) {
		const start = decoded?.start ?? String(data).slice(0, 24);
		throw apiError(`Image ${index + 1}'s inlineData is not valid base64 (starts with "${start}")`, undefined, BROKEN_ANSWER_FIX);
	}
	return decoded.bytes;
}

const answerParts = (candidate: Candidate) => (candidate.content?.parts ?? []).filter((part) => part.thought !== true);

function textOf(candidate: Candidate): string {
	return answerParts(candidate)
		.map((part) => part.text?.trim())
		.filter(Boolean)
		.join('\n');
}

/** Why no candidate holds an image: the block or finish reason, Google's message and the model's text. */
function noImageError(json: GenerateContentResponse) {
	const candidate = json.candidates?.[0];
	const reason = candidate?.finishReason ?? 'no finish reason';
	const said = [candidate?.finishMessage, candidate ? textOf(candidate) : ''].filter(Boolean).join(' ');
	const quote = said ? ` Google said: "${said}"` : '';
	if (BLOCKED_FINISH_REASONS.has(reason)) {
		return apiError(`Google blocked the image (${reason}).${quote}`, undefined, REPHRASE);
	}
	return apiError(
		`Google returned no image (finish reason ${reason}).${quote}`,
		undefined,
		'The model answered without drawing. Ask for an image explicitly in the prompt, or try again.',
	);
}

/** Reads a generateContent answer as it streams in: every non-thought inline image of every candidate, in order. */
export async function parseGenerateContentResponse(answer: StreamedAnswer): Promise<ProviderResult> {
	const json = await readAnswer(answer);
	const blockReason = json.promptFeedback?.blockReason;
	if (blockReason && !json.candidates?.length) {
		const said = json.promptFeedback?.blockReasonMessage;
		throw apiError(`Google blocked the prompt (${blockReason}).${said ? ` Google said: "${said}"` : ''}`, undefined, REPHRASE);
	}

	const images: GeneratedImage[] = [];
	for (const candidate of json.candidates ?? []) {
		const text = textOf(candidate) || undefined;
		for (const part of answerParts(candidate)) {
			if (part.inlineData?.data === undefined || !part.inlineData.mimeType?.startsWith('image/')) continue;
			const index = images.length;
			images.push({ index, bytes: imageBytes(part.inlineData.data, index), text });
		}
	}
	if (images.length === 0) throw noImageError(json);

	const metadata: IDataObject = {};
	if (json.usageMetadata !== undefined) metadata.usageMetadata = json.usageMetadata;
	if (json.modelVersion !== undefined) metadata.modelVersion = json.modelVersion;
	if (json.responseId !== undefined) metadata.responseId = json.responseId;
	return { images, metadata };
}
