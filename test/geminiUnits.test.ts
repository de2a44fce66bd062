/* eslint-disable @n8n/community-nodes/no-restricted-imports */
import { Readable } from 'node:stream';

import { parseDuration } from '../nodes/NanoBananaEdit/providers/gemini/errorBody';
import { toImageConfig } from '../nodes/NanoBananaEdit/providers/gemini/imageConfig';
import { parseGenerateContentResponse } from '../nodes/NanoBananaEdit/providers/gemini/response';
import { buildGenerateContentRequest, MAX_INLINE_BYTES } from '../nodes/NanoBananaEdit/providers/gemini/request';
import type { EditParameters } from '../nodes/NanoBananaEdit/parameters';
import type { StreamedAnswer } from '../nodes/NanoBananaEdit/transport';

/** A 2xx answer arriving in small chunks, as from the network. */
function answer(json: unknown): StreamedAnswer {
	const text = Buffer.from(JSON.stringify(json));
	const chunks = Array.from({ length: Math.ceil(text.length / 7) }, (_, index) => text.subarray(index * 7, index * 7 + 7));
	return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: Readable.from(chunks), attempts: 1 };
}
const parse = async (json: unknown) => await parseGenerateContentResponse(answer(json));
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]).toString('base64');

describe('RetryInfo delays', () => {
	it.each([
		['47s', 47000],
		['0.5s', 500],
		['1.250s', 1250],
		['3s ', 3000],
	])('reads %j as %i ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

	it.each([undefined, 47, '47', '1m', ''])('ignores %j', (value) => expect(parseDuration(value)).toBeUndefined());
});

describe('size to imageConfig', () => {
	it.each([
		['1024x1024', 'gemini-3-pro-image', { aspectRatio: '1:1', imageSize: '1K' }],
		['1792x1024', 'gemini-3-pro-image', { aspectRatio: '16:9', imageSize: '1K' }],
		['2048X2048', 'gemini-3-pro-image', { aspectRatio: '1:1', imageSize: '2K' }],
		['2560x1080', 'gemini-3-pro-image', { aspectRatio: '21:9', imageSize: '2K' }],
		['512x512', 'gemini-3-pro-image', { aspectRatio: '1:1', imageSize: '1K' }],
		['32:18', 'gemini-3-pro-image', { aspectRatio: '16:9' }],
		['4K', 'gemini-nano-banana-2.1', { imageSize: '4K' }],
		['1200x1500', 'gemini-2.5-flash-image', { aspectRatio: '4:5' }],
	])('maps %s for %s to %j', (size, model, config) => expect(toImageConfig(size, model)).toEqual(config));
});

describe('generateContent answers', () => {
	it('reads the images of every candidate in order, each with its own text, skipping thoughts', async () => {
		const result = await parse({
				candidates: [
					{ content: { parts: [{ text: 'draft', thought: true }, { inlineData: { mimeType: 'image/png', data: png }, thought: true }, { text: 'First' }, { inlineData: { mimeType: 'image/png', data: png } }] } },
					{ content: { parts: [{ inlineData: { mimeType: 'image/png', data: png } }, { text: 'Second' }, { text: 'take' }] } },
				],
				usageMetadata: { totalTokenCount: 5 },
				modelVersion: 'gemini-3-pro-image',
				responseId: 'r1',
		});
		expect(result.images.map((image) => [image.index, image.text, image.bytes?.toString('base64')])).toEqual([
			[0, 'First', png],
			[1, 'Second\ntake', png],
		]);
		expect(result.metadata).toEqual({ usageMetadata: { totalTokenCount: 5 }, modelVersion: 'gemini-3-pro-image', responseId: 'r1' });
	});

	it('ignores inline data that is not an image', async () => {
		await expect(
			parse({ candidates: [{ content: { parts: [{ inlineData: { mimeType: 'audio/wav', data: png } }] }, finishReason: 'STOP' }] }),
		).rejects.toThrow('Google returned no image (finish reason STOP).');
	});

	it('quotes the block reason message when Google gives one', async () => {
		await expect(parse({ promptFeedback: { blockReason: 'SAFETY', blockReasonMessage: 'Unsafe prompt' } })).rejects.toThrow(
			'Google blocked the prompt (SAFETY). Google said: "Unsafe prompt"',
		);
	});

	it.each(['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY', 'IMAGE_PROHIBITED_CONTENT', 'IMAGE_RECITATION'])(
		'treats finish reason %s as a block',
		async (finishReason) => {
			await expect(parse({ candidates: [{ finishReason }] })).rejects.toThrow(`Google blocked the image (${finishReason}).`);
		},
	);

	it('says when there is no candidate at all', async () => {
		await expect(parse({})).rejects.toThrow('Google returned no image (finish reason no finish reason).');
	});
});

describe('generateContent requests', () => {
	const edit = { model: 'gemini-3-pro-image', prompt: 'p', output: 'binary', extraFields: [] } as unknown as EditParameters;

	it('refuses reference images over the inline limit before reading them', async () => {
		const image = { fileName: 'big.png', mimeType: 'image/png', byteLength: MAX_INLINE_BYTES, content: Buffer.alloc(0) };
		await expect(buildGenerateContentRequest('https://g', edit, [image])).rejects.toThrow(
			'The reference images total 133.3 MB as base64, more than the 100.0 MB Google accepts inline per request',
		);
	});

	it('escapes the model ID in the path', async () => {
		const request = await buildGenerateContentRequest('https://g', { ...edit, model: 'models/my model' }, []);
		expect(request.url).toBe('https://g/v1beta/models/my%20model:generateContent');
	});
});
