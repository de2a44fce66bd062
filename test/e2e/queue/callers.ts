/**
 * The callers of the queue-mode scenario: each uploads its own PNG to the webhook, as
 * `curl -F data=@photo.png <url>` would, and keeps what it got back.
 */
import { makePng } from '../../gateway/png';

export interface CallerResult {
	upload: Buffer;
	status: number;
	contentType: string | null;
	body: Buffer;
}

/** `count` PNGs, each different in size and colour. */
export function distinctImages(count: number): Buffer[] {
	return Array.from({ length: count }, (_, index) =>
		makePng(16 + index, 12, [(index * 37) % 256, (index * 91) % 256, 200 - index]),
	);
}

/** One multipart POST with the image in field `data`; no retry, so any non-200 shows. */
export async function uploadImage(url: string, upload: Buffer): Promise<CallerResult> {
	const form = new FormData();
	form.append('data', new Blob([upload], { type: 'image/png' }), 'photo.png');
	const response = await fetch(url, { method: 'POST', body: form });
	return {
		upload,
		status: response.status,
		contentType: response.headers.get('content-type'),
		body: Buffer.from(await response.arrayBuffer()),
	};
}
