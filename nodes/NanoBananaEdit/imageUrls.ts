import { inputError } from './errors';

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
export const DATA_IMAGE_URL = /^data:image\/[a-z0-9.+-]+;base64,/i;

/**
 * Splits "url1, url2\nurl3" into URLs. A comma splits only where the next piece starts a new URL,
 * so commas inside one (CDN transformations, the payload of a data: URL) stay where they are.
 */
function splitUrlList(text: string): string[] {
	const urls: string[] = [];
	for (const line of text.split(/[\r\n]+/)) {
		let current: string | undefined;
		for (const piece of line.split(',')) {
			if (!piece.trim()) continue;
			if (current !== undefined && !SCHEME.test(piece.trim())) {
				current += `,${piece}`;
				continue;
			}
			if (current !== undefined) urls.push(current.trim());
			current = piece;
		}
		if (current !== undefined) urls.push(current.trim());
	}
	return urls;
}

/** A list entry: a URL string, or an attachment-like object with a `url` (Airtable, Notion ...). */
function urlOf(entry: unknown): string {
	if (typeof entry === 'string') return entry.trim();
	const url = (entry as { url?: unknown } | null)?.url;
	if (typeof url === 'string') return url.trim();
	throw inputError(
		`"Image URLs" must hold URLs, but its list holds ${entry === null ? 'null' : `a ${typeof entry}`} without a "url"`,
		'Map the list to URL strings, e.g. {{ $json.images.map(image => image.src) }}.',
	);
}

function checkUrl(url: string, label: string): void {
	if (/^data:/i.test(url)) {
		if (DATA_IMAGE_URL.test(url)) return;
		throw inputError(
			`${label} is a data: URL but not a base64 image (it starts with "${url.slice(0, 30)}")`,
			'data: URLs must look like data:image/png;base64,iVBORw0...',
		);
	}
	let protocol = '';
	try {
		protocol = new URL(url).protocol;
	} catch {
		protocol = '';
	}
	if (protocol !== 'http:' && protocol !== 'https:') {
		// Shown without query string and user info, which may hold secrets.
		const shown = url.split(/[?#]/)[0].replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1').slice(0, 80);
		throw inputError(
			`${label} "${shown}" is not an http(s) URL`,
			'Give full http:// or https:// addresses (or data:image/...;base64 URLs), one per line or separated by commas.',
		);
	}
}

function entriesOf(raw: unknown): string[] {
	if (raw === undefined || raw === null) return [];
	if (typeof raw === 'string') return splitUrlList(raw);
	if (Array.isArray(raw)) return raw.flat(Infinity).map(urlOf);
	return [urlOf(raw)];
}

/** Reads "Image URLs": a list from an expression, or URLs separated by newlines or commas; order kept. */
export function readImageUrls(raw: unknown): string[] {
	const urls = entriesOf(raw).filter(Boolean);
	if (urls.length === 0) {
		throw inputError(
			'"Image URLs" is empty',
			'Enter one URL per line, or an expression giving a list of URLs, or set "Input Images" to "None".',
		);
	}
	urls.forEach((url, index) => checkUrl(url, urls.length > 1 ? `Image URL ${index + 1}` : 'The image URL'));
	return urls;
}
