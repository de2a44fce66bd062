import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ImageContent } from './binaryStream';
import { downloadImage, downloadInterrupted, type DownloadLimits } from './download';
import { apiError } from './errors';
import { UNUSABLE_ANSWER_FIX } from './httpErrors';
import { describeNonImage, type ImageType, sniffImageType } from './imageType';
import type { ReferenceImage } from './inputs';
import type { EditParameters } from './parameters';
import type { GeneratedImage, ProviderResult } from './providers/types';
import type { ItemSlot } from './runner';

function baseFileName(edit: EditParameters, references: ReferenceImage[]): string {
	if (edit.fileName) return edit.fileName.replace(/\.[a-z0-9]{2,5}$/i, '');
	const main = references[0]?.fileName.replace(/\.[^.]*$/, '');
	return main ? `${main}-edited` : 'nano-banana';
}

async function imageContent(
	context: IExecuteFunctions,
	image: GeneratedImage,
	count: number,
	limits: DownloadLimits,
): Promise<{ content: ImageContent; type: ImageType }> {
	if (image.bytes) {
		const type = sniffImageType(image.bytes);
		if (!type) {
			const which = count > 1 ? `Image ${image.index + 1} of ${count}` : 'The image';
			const what = describeNonImage(image.bytes);
			throw apiError(`${which} the gateway returned is not an image: it is ${what}`, undefined, UNUSABLE_ANSWER_FIX);
		}
		return { content: image.bytes, type };
	}
	return await downloadImage(context, image.url as string, limits);
}

/** One output item per generated image, each paired with the input item it came from. */
export async function buildOutputItems(
	context: IExecuteFunctions,
	itemIndex: number,
	edit: EditParameters,
	result: ProviderResult,
	references: ReferenceImage[],
	limits: DownloadLimits,
	slot: Pick<ItemSlot, 'hold'>,
): Promise<INodeExecutionData[]> {
	const base = baseFileName(edit, references);
	const count = result.images.length;
	const items: INodeExecutionData[] = [];
	for (const image of result.images) {
		const json: IDataObject = { model: edit.model, index: image.index };
		if (image.url) json.url = image.url;
		if (image.revisedPrompt) json.revisedPrompt = image.revisedPrompt;
		if (image.text) json.text = image.text;
		Object.assign(json, result.metadata);
		const item: INodeExecutionData = { json, pairedItem: { item: itemIndex } };

		// A URL-only output still carries the bytes when the gateway sent no URL to point at.
		if (edit.output !== 'url' || !image.url) {
			const store = async () => {
				const { content, type } = await imageContent(context, image, count, limits);
				const name = count > 1 ? `${base}-${image.index + 1}` : base;
				return await context.helpers
					.prepareBinaryData(content, `${name}.${type.extension}`, type.mimeType)
					.catch((error: unknown) => {
						throw image.url ? downloadInterrupted(image.url, error) : error;
					});
			};
			// A download is traffic with the gateway too: it takes a concurrency slot like the edit.
			item.binary = { [edit.outputBinaryPropertyName]: image.bytes ? await store() : await slot.hold(store) };
		}
		items.push(item);
	}
	return items;
}
