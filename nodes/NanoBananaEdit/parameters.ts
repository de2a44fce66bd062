import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { parseBinaryPropertyNames } from './binaryNames';
import {
	DEFAULT_CONCURRENCY,
	DEFAULT_MAX_DOWNLOAD_MB,
	DEFAULT_MAX_RETRIES,
	DEFAULT_TIMEOUT_SECONDS,
} from './description/optionProperties';
import { inputError } from './errors';
import { readImageUrls } from './imageUrls';
import { DEFAULT_MODEL, defaultMaxReferenceImages } from './models';

export type InputImagesMode = 'binaryFields' | 'allBinaryFields' | 'urls' | 'none';
export type OutputMode = 'binary' | 'url' | 'binaryAndUrl';
export type ResponseFormat = 'url' | 'b64_json';

export interface ExtraField {
	name: string;
	value: string;
}

/** Everything one item asks of the gateway, validated. */
export interface EditParameters {
	model: string;
	prompt: string;
	inputImages: InputImagesMode;
	binaryPropertyNames: string[];
	/** "Image URLs", checked to be http(s) or data:image URLs; empty unless inputImages is 'urls'. */
	imageUrls: string[];
	size?: string;
	output: OutputMode;
	responseFormat: ResponseFormat;
	outputBinaryPropertyName: string;
	fileName?: string;
	imageFieldName: 'image' | 'image[]';
	extraFields: ExtraField[];
	timeoutMs: number;
	maxRetries: number;
	maxReferenceImages: number;
	maxDownloadBytes: number;
}

const RESERVED_FIELDS = ['model', 'prompt', 'image', 'image[]', 'response_format', 'size'];
const SIZE_PATTERN = /^(\d{2,5}x\d{2,5}|\d{1,2}:\d{1,2}|[124]k|auto)$/i;

function describeType(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Expressions may hand us numbers or objects: accept scalars as text, reject the rest. */
function readText(value: unknown, field: string): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	throw inputError(
		`"${field}" must be text, but its expression gave ${describeType(value)}`,
		`Change the expression of "${field}" so that it returns a string, e.g. {{ JSON.stringify(...) }} or a single field.`,
	);
}

function readNumber(value: unknown, field: string, fallback: number, min: number, max: number): number {
	if (value === undefined || value === null || value === '') return fallback;
	const number = Number(value);
	if (!Number.isFinite(number) || number < min || number > max) {
		throw inputError(
			`"${field}" must be a number from ${min} to ${max}, got ${JSON.stringify(value)}`,
			`Enter a number in that range, or remove "${field}" to use its default.`,
		);
	}
	return number;
}

function readChoice<T extends string>(value: unknown, field: string, choices: readonly T[]): T {
	if (choices.includes(value as T)) return value as T;
	throw inputError(
		`"${field}" must be one of ${choices.map((choice) => `"${choice}"`).join(', ')}, got ${JSON.stringify(value)}`,
		`Pick one of the listed values; if "${field}" is an expression, make it return one of them.`,
	);
}

function readExtraFields(value: unknown): ExtraField[] {
	const rows = ((value as IDataObject | undefined)?.field ?? []) as IDataObject[];
	const seen = new Set<string>();
	return rows.map((row, index) => {
		const name = readText(row.name, `Extra Fields > Name (row ${index + 1})`);
		if (!name) throw inputError(`Extra field ${index + 1} has no name`, 'Give every extra field a name, or remove it.');
		if (RESERVED_FIELDS.includes(name)) {
			throw inputError(
				`Extra field "${name}" would replace a field the node already sends`,
				'Use the node\'s own parameters for model, prompt, images, response format and size.',
			);
		}
		if (seen.has(name)) {
			throw inputError(`Extra field "${name}" is listed twice`, 'Keep one row per field name.');
		}
		seen.add(name);
		return { name, value: readText(row.value, `Extra Fields > ${name}`) };
	});
}

function resolveResponseFormat(choice: string, output: OutputMode): ResponseFormat {
	if (choice === 'url' || choice === 'b64_json') return choice;
	return output === 'binary' ? 'b64_json' : 'url';
}

export function readConcurrency(context: IExecuteFunctions): number {
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	return readNumber(options.concurrency, 'Concurrency', DEFAULT_CONCURRENCY, 1, 64);
}

export function readEditParameters(context: IExecuteFunctions, itemIndex: number): EditParameters {
	const parameter = (name: string, fallback?: unknown) => context.getNodeParameter(name, itemIndex, fallback);
	const options = parameter('options', {}) as IDataObject;

	const model = readText(parameter('model', DEFAULT_MODEL), 'Model');
	if (!model) throw inputError('"Model" is empty', 'Pick a model, or enter the model ID your gateway uses.');

	const prompt = readText(parameter('prompt', ''), 'Prompt');
	if (!prompt) {
		throw inputError(
			'"Prompt" is empty',
			'Enter a prompt. If it comes from an expression, check that the field it reads exists on this item.',
		);
	}

	const inputImages = readChoice(parameter('inputImages', 'binaryFields'), 'Input Images', [
		'binaryFields',
		'allBinaryFields',
		'urls',
		'none',
	] as const);
	const binaryPropertyNames =
		inputImages === 'binaryFields' ? parseBinaryPropertyNames(parameter('binaryPropertyNames', 'data')) : [];
	if (inputImages === 'binaryFields' && binaryPropertyNames.length === 0) {
		throw inputError(
			'"Binary Property Names" is empty',
			'Enter the name of the binary property holding the image (usually "data"), or set "Input Images" to "None".',
		);
	}

	const size = readText(parameter('size', ''), 'Size');
	if (size && !SIZE_PATTERN.test(size)) {
		throw inputError(
			`"Size" must look like 1024x1024 or an aspect ratio like 16:9, got "${size}"`,
			'Leave it empty to keep the aspect ratio of the main image.',
		);
	}

	const output = readChoice(parameter('output', 'binary'), 'Output', ['binary', 'url', 'binaryAndUrl'] as const);
	const responseFormat = resolveResponseFormat(
		readChoice(options.responseFormat ?? 'auto', 'Response Format', ['auto', 'url', 'b64_json'] as const),
		output,
	);

	const outputBinaryPropertyName = readText(options.outputBinaryPropertyName ?? 'data', 'Output Binary Property');
	if (!outputBinaryPropertyName) throw inputError('"Output Binary Property" is empty', 'Enter a name such as "data".');

	const maxReferenceImages = readNumber(options.maxReferenceImages, 'Max Reference Images', 0, 0, 100);

	return {
		model,
		prompt,
		inputImages,
		binaryPropertyNames,
		imageUrls: inputImages === 'urls' ? readImageUrls(parameter('imageUrls', '')) : [],
		size: size || undefined,
		output,
		responseFormat,
		outputBinaryPropertyName,
		fileName: readText(options.fileName, 'File Name') || undefined,
		imageFieldName: readChoice(options.imageFieldName ?? 'image', 'Image Field Name', ['image', 'image[]'] as const),
		extraFields: readExtraFields(options.extraFields),
		timeoutMs: readNumber(options.timeout, 'Timeout', DEFAULT_TIMEOUT_SECONDS, 1, 3600) * 1000,
		maxRetries: readNumber(options.maxRetries, 'Max Retries', DEFAULT_MAX_RETRIES, 0, 10),
		maxReferenceImages: maxReferenceImages || defaultMaxReferenceImages(model),
		maxDownloadBytes: readNumber(options.maxDownloadMb, 'Max Download Size', DEFAULT_MAX_DOWNLOAD_MB, 1, 2048) * 1024 * 1024,
	};
}
