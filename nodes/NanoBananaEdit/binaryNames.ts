/** Splits "data, photo2,,  mask" into ['data', 'photo2', 'mask']: order kept, blanks and repeats dropped. */
export function parseBinaryPropertyNames(raw: unknown): string[] {
	const text = Array.isArray(raw) ? raw.join(',') : typeof raw === 'string' ? raw : '';
	const names: string[] = [];
	for (const part of text.split(',')) {
		const name = part.trim();
		if (name && !names.includes(name)) names.push(name);
	}
	return names;
}
