import { BINARY_ENCODING, type IExecuteFunctions } from 'n8n-workflow';

import { describeUrl } from './baseUrl';
import type { ImageContent } from './binaryStream';
import { downloadImage, downloadInterrupted, type DownloadedImage, type DownloadLimits } from './download';
import { EditError, inputError } from './errors';
import { DATA_IMAGE_URL } from './imageUrls';
import { describeNonImage, type ImageType, sniffImageType } from './imageType';
import { CHUNK_SIZE, type ReferenceImage } from './inputs';
import type { EditParameters } from './parameters';
import { decodeBase64 } from './providers/openAiCompatible/response';

const REFERENCE_HINT =
	'Check that the URL is public (no login), points straight at an image file rather than a web page, and has not expired. For large or slow images raise "Max Download Size (MB)" or "Timeout".';

async function decodeDataUrl(url: string): Promise<DownloadedImage> {
	const bytes = decodeBase64(url, 'The data: URL');
	const type = sniffImageType(bytes);
	if (!type) throw inputError(`The data: URL is not an image: it is ${describeNonImage(bytes)}`);
	return { content: bytes, type };
}

function fileNameFor(url: string, position: number, type: ImageType): string {
	let last = '';
	if (!/^data:/i.test(url)) {
		try {
			last = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
		} catch {
			last = '';
		}
	}
	const base = last.replace(/\.[a-z0-9]{2,5}$/i, '').replace(/[\\/]|\p{Cc}/gu, '_').trim().slice(0, 100) || `image-${position + 1}`;
	return `${base}.${type.extension}`;
}

/** A download failure, said for a reference image: which of the URLs, and what the user can check. */
function referenceError(error: unknown, label: string): EditError {
	const message = error instanceof Error ? error.message : String(error);
	const kind = error instanceof EditError ? error.kind : 'api';
	const httpCode = error instanceof EditError ? error.details.httpCode : undefined;
	return new EditError(`${label}${message}`, kind, { httpCode, description: REFERENCE_HINT });
}

function reference(url: string, fileName: string, type: ImageType, byteLength: number, read: () => Promise<ImageContent>): ReferenceImage {
	const { mimeType } = type;
	return {
		propertyName: describeUrl(url),
		fileName,
		mimeType,
		byteLength,
		open: async () => ({ fileName, mimeType, byteLength, content: await read() }),
	};
}

async function fetchReference(
	context: IExecuteFunctions,
	url: string,
	position: number,
	count: number,
	limits: DownloadLimits,
): Promise<ReferenceImage> {
	const label = count > 1 ? `Image URL ${position + 1} of ${count}: ` : '';
	const fail = async (error: unknown) => await Promise.reject(referenceError(error, label));
	const { content, type } = await (DATA_IMAGE_URL.test(url) ? decodeDataUrl(url) : downloadImage(context, url, limits)).catch(fail);
	const fileName = fileNameFor(url, position, type);
	if (Buffer.isBuffer(content)) return reference(url, fileName, type, content.length, async () => content);

	// Stored in n8n's binary store so that each attempt can stream it again: a third-party URL
	// may not serve the same bytes twice.
	const stored = await context.helpers
		.prepareBinaryData(content, fileName, type.mimeType)
		.catch(async (error: unknown) => await fail(downloadInterrupted(url, error)));
	const binaryId = stored.id;
	if (!binaryId) {
		const bytes = Buffer.from(stored.data, BINARY_ENCODING);
		return reference(url, fileName, type, bytes.length, async () => bytes);
	}
	const { fileSize } = await context.helpers.getBinaryMetadata(binaryId);
	return reference(url, fileName, type, fileSize, async () => await context.helpers.getBinaryStream(binaryId, CHUNK_SIZE));
}

/**
 * Downloads the item's "Image URLs" in parallel, in order, without the credential's key (they are
 * third-party URLs); each is checked to be an image by its bytes and bounded in size and time.
 */
export async function resolveUrlImages(context: IExecuteFunctions, edit: EditParameters): Promise<ReferenceImage[]> {
	const limits: DownloadLimits = {
		maxBytes: edit.maxDownloadBytes,
		timeoutMs: edit.timeoutMs,
		// No URL has an empty origin, so no download is sent with the credential.
		gatewayOrigin: '',
		credentialType: '',
	};
	const count = edit.imageUrls.length;
	const settled = await Promise.allSettled(
		edit.imageUrls.map(async (url, position) => await fetchReference(context, url, position, count, limits)),
	);
	const failure = settled.find((outcome) => outcome.status === 'rejected');
	if (failure) throw (failure as PromiseRejectedResult).reason;
	return settled.map((outcome) => (outcome as PromiseFulfilledResult<ReferenceImage>).value);
}
