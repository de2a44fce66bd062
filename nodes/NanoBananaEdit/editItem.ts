import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { DownloadLimits } from './download';
import { errorForStatus } from './httpErrors';
import { resolveReferenceImages, totalBytes } from './inputs';
import { buildOutputItems } from './outputs';
import { readEditParameters } from './parameters';
import type { ImageProvider, OutgoingImage } from './providers/types';
import { sendWithRetries } from './transport';

/** What every item of one execution shares: the provider, where it lives and how to sign in. */
export interface EditSession {
	provider: ImageProvider;
	baseUrl: string;
	credentialType: string;
}

function release(images: OutgoingImage[]): void {
	for (const image of images) {
		if (!Buffer.isBuffer(image.content)) image.content.destroy();
	}
}

/** Parameters -> reference images -> request -> answer -> output items, for one input item. */
export async function editItem(
	context: IExecuteFunctions,
	itemIndex: number,
	session: EditSession,
): Promise<INodeExecutionData[]> {
	const { provider, baseUrl, credentialType } = session;
	const edit = readEditParameters(context, itemIndex);
	const references = await resolveReferenceImages(context, itemIndex, edit);

	let opened: OutgoingImage[] = [];
	let url = '';
	const response = await sendWithRetries(
		context,
		async () => {
			release(opened);
			opened = await Promise.all(references.map(async (reference) => await reference.open()));
			const request = provider.buildRequest(baseUrl, edit, opened);
			url = request.url;
			return request;
		},
		{ credentialType, maxRetries: edit.maxRetries, timeoutMs: edit.timeoutMs },
	).finally(() => release(opened));

	if (response.statusCode < 200 || response.statusCode >= 300) {
		throw errorForStatus(response, { url, uploadBytes: totalBytes(references) });
	}
	const result = provider.parseResponse(response, edit);
	const limits: DownloadLimits = {
		maxBytes: edit.maxDownloadBytes,
		timeoutMs: edit.timeoutMs,
		gatewayOrigin: new URL(baseUrl).origin,
		credentialType,
	};
	return await buildOutputItems(context, itemIndex, edit, result, references, limits);
}
