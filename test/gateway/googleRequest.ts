/**
 * Checks a generateContent request body as strictly as Google's JSON front end does: camelCase
 * field names only, unknown fields rejected, every part exactly one of `text` or `inlineData`,
 * strict base64 whose bytes match the declared MIME type, and image settings the model takes.
 */
export class GoogleApiError extends Error {
	constructor(
		readonly code: number,
		readonly status: string,
		message: string,
		readonly details: object[] = [],
	) {
		super(message);
	}
}

export interface FakeModel {
	maxImages: number;
	/** Whether the model takes imageConfig.imageSize. */
	imageSize: boolean;
	extendedRatios: boolean;
}

export interface ReceivedImage {
	mimeType: string;
	data: Buffer;
}

export interface ParsedGeneration {
	prompt: string;
	images: ReceivedImage[];
	responseModalities: string[];
	imageConfig?: { aspectRatio?: string; imageSize?: string };
}

const COMMON_RATIOS = ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'];
const EXTENDED_RATIOS = ['1:4', '4:1', '1:8', '8:1'];
const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The input types Google documents for image models, recognised independently of the node's sniffer. */
function googleImageType(bytes: Buffer): string | undefined {
	if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
	if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
	if (bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
	if (bytes.toString('latin1', 4, 8) === 'ftyp' && /^hei[cx]$/.test(bytes.toString('latin1', 8, 12))) return 'image/heic';
	return undefined;
}

const invalid = (message: string) => new GoogleApiError(400, 'INVALID_ARGUMENT', message);

type Json = Record<string, unknown>;

function object(value: unknown, where: string, allowed: string[]): Json {
	if (!value || typeof value !== 'object' || Array.isArray(value)) {
		throw invalid(`Invalid value at '${where}': expected an object`);
	}
	for (const key of Object.keys(value)) {
		if (!allowed.includes(key)) {
			throw invalid(`Invalid JSON payload received. Unknown name "${key}" at '${where}': Cannot find field.`);
		}
	}
	return value as Json;
}

function list(value: unknown, where: string): unknown[] {
	if (!Array.isArray(value) || value.length === 0) throw invalid(`* ${where}: must be a non-empty list`);
	return value;
}

function readInlineData(value: unknown, where: string): ReceivedImage {
	const inline = object(value, where, ['mimeType', 'data']);
	if (typeof inline.mimeType !== 'string' || typeof inline.data !== 'string') {
		throw invalid(`* ${where}: mimeType and data are required`);
	}
	if (!STRICT_BASE64.test(inline.data)) throw invalid(`Invalid value at '${where}.data' (TYPE_BYTES), Base64 decoding failed`);
	const data = Buffer.from(inline.data, 'base64');
	const actual = googleImageType(data);
	if (actual !== inline.mimeType) {
		throw invalid(`Unable to process input image (${where} is ${actual ?? 'not an image'} but declared ${inline.mimeType})`);
	}
	return { mimeType: inline.mimeType, data };
}

function readParts(contents: unknown[]): Pick<ParsedGeneration, 'prompt' | 'images'> {
	const texts: string[] = [];
	const images: ReceivedImage[] = [];
	contents.forEach((entry, contentIndex) => {
		const content = object(entry, `contents[${contentIndex}]`, ['role', 'parts']);
		if (content.role !== undefined && content.role !== 'user') throw invalid(`* contents[${contentIndex}].role: must be user`);
		list(content.parts, `contents[${contentIndex}].parts`).forEach((value, partIndex) => {
			const where = `contents[${contentIndex}].parts[${partIndex}]`;
			const part = object(value, where, ['text', 'inlineData']);
			const kinds = Object.keys(part);
			if (kinds.length !== 1) throw invalid(`* ${where}: a part holds exactly one of text or inlineData`);
			if (kinds[0] === 'text') {
				if (typeof part.text !== 'string') throw invalid(`* ${where}.text: must be a string`);
				texts.push(part.text);
			} else {
				images.push(readInlineData(part.inlineData, `${where}.inlineData`));
			}
		});
	});
	const prompt = texts.join('\n').trim();
	if (!prompt) throw invalid('* contents: the request holds no text prompt');
	return { prompt, images };
}

function readGenerationConfig(value: unknown, model: FakeModel): Pick<ParsedGeneration, 'responseModalities' | 'imageConfig'> {
	if (value === undefined) return { responseModalities: ['TEXT'] };
	const config = object(value, 'generationConfig', ['responseModalities', 'imageConfig', 'candidateCount', 'temperature']);
	const responseModalities = (config.responseModalities ?? ['TEXT']) as string[];
	if (!Array.isArray(responseModalities) || responseModalities.some((modality) => !['TEXT', 'IMAGE'].includes(modality))) {
		throw invalid(`Invalid value at 'generationConfig.responseModalities': ${JSON.stringify(config.responseModalities)}`);
	}
	if (config.imageConfig === undefined) return { responseModalities };
	const imageConfig = object(config.imageConfig, 'generationConfig.imageConfig', ['aspectRatio', 'imageSize']) as ParsedGeneration['imageConfig'] & Json;
	const ratios = model.extendedRatios ? [...COMMON_RATIOS, ...EXTENDED_RATIOS] : COMMON_RATIOS;
	if (imageConfig.aspectRatio !== undefined && !ratios.includes(imageConfig.aspectRatio)) {
		throw invalid(`Unsupported aspect ratio: ${imageConfig.aspectRatio}`);
	}
	if (imageConfig.imageSize !== undefined) {
		if (!model.imageSize) throw invalid('imageSize is not supported by this model');
		if (!['1K', '2K', '4K'].includes(imageConfig.imageSize)) throw invalid(`Unsupported image size: ${imageConfig.imageSize}`);
	}
	return { responseModalities, imageConfig };
}

export function parseGeneration(body: Buffer, contentType: string | undefined, model: FakeModel): ParsedGeneration {
	if (!/^application\/json\b/i.test(contentType ?? '')) throw invalid(`Content-Type must be application/json, got "${contentType ?? ''}"`);
	let json: unknown;
	try {
		json = JSON.parse(body.toString('utf8'));
	} catch {
		throw invalid('Invalid JSON payload received. Unexpected token.');
	}
	const request = object(json, 'request', ['contents', 'generationConfig', 'safetySettings', 'systemInstruction']);
	const parsed = { ...readParts(list(request.contents, 'contents')), ...readGenerationConfig(request.generationConfig, model) };
	if (parsed.images.length > model.maxImages) {
		throw invalid(`The model accepts at most ${model.maxImages} input images, got ${parsed.images.length}`);
	}
	return parsed;
}
