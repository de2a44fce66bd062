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

function editDistance(a: string, b: string): number {
	let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
		}
		previous = current;
	}
	return previous[b.length];
}

/** The available name `name` most likely is a typo of (case ignored, a third of it wrong at most). */
export function closestBinaryName(name: string, available: string[]): string | undefined {
	const wanted = name.toLowerCase();
	const allowed = Math.floor(wanted.length / 3);
	let best: { candidate: string; distance: number } | undefined;
	for (const candidate of available) {
		const distance = editDistance(wanted, candidate.toLowerCase());
		if (distance <= allowed && (!best || distance < best.distance)) best = { candidate, distance };
	}
	return best?.candidate;
}
