import type { ICredentialDataDecryptedObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { prefetch } from './binaryStream';
import type { DownloadLimits } from './download';
import { type ReferenceImage, resolveReferenceImages, totalBytes } from './inputs';
import { buildOutputItems } from './outputs';
import { type EditParameters, readEditParameters } from './parameters';
import type { ImageProvider, OutgoingImage, ProviderResult } from './providers/types';
import type { ItemSlot } from './runner';
import { sendWithRetries } from './transport';

/** What every item of one execution shares: the provider, where it lives and how to sign in. */
export interface EditSession {
	provider: ImageProvider;
	baseUrl: string;
	credentialType: string;
	/** The credential's values, fetched once: each request hands them to n8n instead of loading them again. */
	credentials: ICredentialDataDecryptedObject;
}

function release(images: OutgoingImage[]): void {
	for (const image of images) {
		if (!Buffer.isBuffer(image.content)) image.content.destroy();
	}
}

const openAll = async (references: ReferenceImage[]) =>
	await Promise.all(references.map(async (reference) => await reference.open()));

/**
 * The edit request, with its retries, and its answer read as it streams in. `firstImages` are
 * the reference images opened for the first attempt; each retry opens them again.
 */
async function requestEdit(
	context: IExecuteFunctions,
	session: EditSession,
	edit: EditParameters,
	references: ReferenceImage[],
	firstImages: OutgoingImage[],
	slot: ItemSlot,
): Promise<ProviderResult> {
	const { provider, baseUrl, credentialType, credentials } = session;
	let opened: OutgoingImage[] | undefined;
	let url = '';
	const sent = await sendWithRetries(
		context,
		async () => {
			if (opened) release(opened);
			opened = opened ? await openAll(references) : firstImages;
			const request = await provider.buildRequest(baseUrl, edit, opened);
			url = request.url;
			return request;
		},
		{
			credentialType,
			credentials,
			maxRetries: edit.maxRetries,
			timeoutMs: edit.timeoutMs,
			retryAfterMs: provider.retryAfterMs,
			releaseWhile: slot.releaseWhile,
		},
		async (answer) => await provider.parseResponse(answer, edit),
	).finally(() => release(opened ?? []));
	if (!sent.ok) throw provider.describeError(sent.response, { url, uploadBytes: totalBytes(references) });
	return sent.value;
}

/**
 * Parameters -> reference images -> request -> answer -> output items, for one input item. Only
 * the traffic with the gateway holds a concurrency slot.
 */
export async function editItem(
	context: IExecuteFunctions,
	itemIndex: number,
	session: EditSession,
	slot: ItemSlot,
): Promise<INodeExecutionData[]> {
	const edit = readEditParameters(context, itemIndex);
	const resolve = async () => await resolveReferenceImages(context, itemIndex, edit);
	// Image URLs are network traffic like the request itself: fetched holding a slot, so items
	// fetch theirs side by side instead of one after another while getting ready.
	const references = edit.inputImages === 'urls' ? await slot.hold(resolve) : await resolve();
	// Opened, and their first chunk read, while the item waits for a slot: once it has one, its
	// request does not wait for file reads queued behind other items' writes.
	const firstImages = await openAll(references);
	const prefetched = Promise.all(firstImages.map(async (image) => await prefetch(image.content)));
	// Awaited once the item has a slot; until then a failed read must not count as unhandled.
	prefetched.catch(() => undefined);
	const result = await slot
		.hold(async () => {
			await prefetched;
			return await requestEdit(context, session, edit, references, firstImages, slot);
		})
		.finally(() => release(firstImages));
	const limits: DownloadLimits = {
		maxBytes: edit.maxDownloadBytes,
		timeoutMs: edit.timeoutMs,
		gatewayOrigin: new URL(session.baseUrl).origin,
		credentialType: session.credentialType,
	};
	return await buildOutputItems(context, itemIndex, edit, result, references, limits, slot);
}
