import { inputError } from '../../errors';

/** Google's `generationConfig.imageConfig`. */
export interface GeminiImageConfig {
	aspectRatio?: string;
	imageSize?: string;
}

/** Ratios every Gemini image model takes; a WxH size is mapped to the nearest of them. */
const COMMON_RATIOS = ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'];
/** Extra ratios of the 3.1 Flash / Nano Banana 2.1 family, sent only when asked for by name. */
const EXTENDED_RATIOS = ['1:4', '4:1', '1:8', '8:1'];
/** Google's sizes by the pixels they hold at any aspect ratio: 1K is about 1024 x 1024. */
const IMAGE_SIZES = [
	{ imageSize: '1K', pixels: 1024 ** 2 },
	{ imageSize: '2K', pixels: 2048 ** 2 },
	{ imageSize: '4K', pixels: 4096 ** 2 },
];

/** Gemini 2.5 Flash Image has a single output size and rejects `imageSize`. */
const takesImageSize = (model: string) => !/gemini-2\.5-flash-image/i.test(model);

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

function ratioValue(ratio: string): number {
	const [width, height] = ratio.split(':').map(Number);
	return width / height;
}

function nearest<T>(candidates: T[], distance: (candidate: T) => number): T {
	return candidates.reduce((best, candidate) => (distance(candidate) < distance(best) ? candidate : best));
}

function aspectRatioOf(size: string): string {
	const [width, height] = size.split(':').map(Number);
	const divisor = gcd(width, height) || 1;
	const ratio = `${width / divisor}:${height / divisor}`;
	if (COMMON_RATIOS.includes(ratio) || EXTENDED_RATIOS.includes(ratio)) return ratio;
	throw inputError(
		`"Size" ${size} is not an aspect ratio Google's image models offer`,
		`Use one of ${[...COMMON_RATIOS, ...EXTENDED_RATIOS].join(', ')} (the last four only on the 3.1 Flash and Nano Banana 2.1 models).`,
	);
}

function imageSizeOf(size: string, model: string): string {
	if (!takesImageSize(model)) {
		throw inputError(
			`"${model}" does not take an image size such as ${size.toUpperCase()}: it always answers at about 1024 px`,
			'Leave "Size" empty, give an aspect ratio such as 16:9, or use gemini-3-pro-image or gemini-nano-banana-2.1 for 2K and 4K.',
		);
	}
	return size.toUpperCase();
}

/** The nearest common aspect ratio and, where the model takes one, the image size nearest in pixels. */
function pixelSizeOf(size: string, model: string): GeminiImageConfig {
	const [width, height] = size.toLowerCase().split('x').map(Number);
	const aspectRatio = nearest(COMMON_RATIOS, (ratio) => Math.abs(Math.log(ratioValue(ratio) / (width / height))));
	if (!takesImageSize(model)) return { aspectRatio };
	const { imageSize } = nearest(IMAGE_SIZES, (candidate) => Math.abs(Math.log(candidate.pixels / (width * height))));
	return { aspectRatio, imageSize };
}

/**
 * Maps the node's "Size" (already checked to be WxH, W:H, 1K/2K/4K or auto) onto Google's
 * imageConfig. Without one, Google keeps the main reference image's aspect ratio (or 1:1).
 */
export function toImageConfig(size: string | undefined, model: string): GeminiImageConfig | undefined {
	if (!size || size.toLowerCase() === 'auto') return undefined;
	if (size.includes(':')) return { aspectRatio: aspectRatioOf(size) };
	if (/^\d+k$/i.test(size)) return { imageSize: imageSizeOf(size, model) };
	return pixelSizeOf(size, model);
}
