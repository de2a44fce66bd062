/**
 * Turns whatever users paste as a gateway address into the root the API paths hang off:
 * `https://gw.example.com/v1/?x=1#top` -> `https://gw.example.com`.
 * Returns undefined when the text is not an http(s) URL.
 */
export function normalizeBaseUrl(raw: unknown): string | undefined {
	if (typeof raw !== 'string') return undefined;
	const text = raw.trim();
	if (!text) return undefined;
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return undefined;
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
	let path = url.pathname.replace(/\/+$/, '');
	path = path.replace(/\/v1(\/images\/(edits|generations)|\/models|\/chat\/completions)?$/i, '');
	path = path.replace(/\/+$/, '');
	return `${url.protocol}//${url.host}${path}`;
}

/** The URL with query string, fragment and any user info removed: safe to show in messages. */
export function describeUrl(raw: string): string {
	try {
		const url = new URL(raw);
		return `${url.protocol}//${url.host}${url.pathname}`;
	} catch {
		return '(invalid URL)';
	}
}
