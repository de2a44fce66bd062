import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import { closestBinaryName } from './binaryNames';
import { peekStream } from './binaryStream';
import { inputError } from './errors';
import { describeNonImage, SNIFF_BYTES, sniffImageType } from './imageType';
import type { EditParameters } from './parameters';
import type { OutgoingImage } from './providers/types';
import { resolveUrlImages } from './urlInputs';

/** Streams from n8n's binary storage are read in chunks of this size. */
export const CHUNK_SIZE = 256 * 1024;

/** A validated reference image; `open()` gives a fresh copy of its bytes for each attempt. */
export interface ReferenceImage {
	propertyName: string;
	fileName: string;
	mimeType: string;
	byteLength: number;
	open(): Promise<OutgoingImage>;
}

function availableNames(context: IExecuteFunctions, itemIndex: number): string[] {
	return Object.keys(context.getInputData()[itemIndex]?.binary ?? {});
}

function missingProperty(name: string, available: string[]) {
	const has = available.length
		? `The item has ${available.map((candidate) => `"${candidate}"`).join(', ')}.`
		: 'The item has no binary data at all.';
	const close = closestBinaryName(name, available);
	const caseOnly = close?.toLowerCase() === name.toLowerCase() ? ' Names are case-sensitive.' : '';
	const fix = close
		? `Did you mean "${close}"?${caseOnly}`
		: available.length
			? 'Set "Binary Property Names" to one of these names.'
			: 'Make sure the previous node outputs a file (e.g. HTTP Request with "Response Format: File"), or set "Input Images" to "None".';
	return inputError(`Binary property "${name}" not found. ${has}`, fix);
}

function getBinary(context: IExecuteFunctions, itemIndex: number, name: string): IBinaryData {
	try {
		return context.helpers.assertBinaryData(itemIndex, name);
	} catch {
		throw missingProperty(name, availableNames(context, itemIndex));
	}
}

async function resolveOne(
	context: IExecuteFunctions,
	itemIndex: number,
	propertyName: string,
): Promise<ReferenceImage> {
	const binary = getBinary(context, itemIndex, propertyName);
	const binaryId = binary.id;
	let head: Buffer;
	let byteLength: number;
	let read: () => Promise<OutgoingImage['content']>;
	if (binaryId) {
		// n8n 2.x notes the size on the binary itself; 1.x only in the stored metadata.
		byteLength = binary.bytes ?? (await context.helpers.getBinaryMetadata(binaryId)).fileSize;
		const probe = await context.helpers.getBinaryStream(binaryId, SNIFF_BYTES);
		head = (await peekStream(probe, SNIFF_BYTES)).head;
		probe.destroy();
		read = async () => await context.helpers.getBinaryStream(binaryId, CHUNK_SIZE);
	} else {
		const buffer = await context.helpers.getBinaryDataBuffer(itemIndex, propertyName);
		byteLength = buffer.length;
		head = buffer.subarray(0, SNIFF_BYTES);
		read = async () => buffer;
	}

	const label = `Binary property "${propertyName}"${binary.fileName ? ` (${binary.fileName})` : ''}`;
	if (byteLength === 0) {
		throw inputError(`${label} is empty (0 bytes)`, 'Check the node that produced the file.');
	}
	const imageType = sniffImageType(head);
	if (!imageType) {
		throw inputError(
			`${label} is not an image: it is ${describeNonImage(head, binary.mimeType)}`,
			'Reference images must be PNG, JPEG, WebP, GIF, HEIC or AVIF files.',
		);
	}
	const fileName = binary.fileName || `${propertyName}.${imageType.extension}`;
	return {
		propertyName,
		fileName,
		mimeType: imageType.mimeType,
		byteLength,
		open: async () => ({ fileName, mimeType: imageType.mimeType, byteLength, content: await read() }),
	};
}

function checkCount(count: number, edit: EditParameters): void {
	if (count > edit.maxReferenceImages) {
		throw inputError(
			`${count} reference images given, but "${edit.model}" accepts at most ${edit.maxReferenceImages}`,
			'Send fewer images, or raise "Max Reference Images" if your gateway accepts more for this model.',
		);
	}
}

/** Finds, checks and describes the reference images of one item, in the order asked for. */
export async function resolveReferenceImages(
	context: IExecuteFunctions,
	itemIndex: number,
	edit: EditParameters,
): Promise<ReferenceImage[]> {
	if (edit.inputImages === 'none') return [];
	if (edit.inputImages === 'urls') {
		checkCount(edit.imageUrls.length, edit);
		return await resolveUrlImages(context, edit);
	}
	const names =
		edit.inputImages === 'allBinaryFields' ? availableNames(context, itemIndex) : edit.binaryPropertyNames;
	if (names.length === 0) {
		throw inputError(
			'"Input Images" is "All Binary Fields" but the item has no binary data',
			'Make sure the previous node outputs a file, or set "Input Images" to "None".',
		);
	}
	checkCount(names.length, edit);
	const images: ReferenceImage[] = [];
	for (const name of names) images.push(await resolveOne(context, itemIndex, name));
	return images;
}

export const totalBytes = (images: ReferenceImage[]) =>
	images.reduce((sum, image) => sum + image.byteLength, 0);

