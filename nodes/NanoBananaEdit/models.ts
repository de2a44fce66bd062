import type { INodePropertyOptions } from 'n8n-workflow';

export const DEFAULT_MODEL = 'nano-banana';

interface KnownModel {
	id: string;
	name: string;
	description: string;
	maxReferenceImages: number;
}

// Reference-image limits follow Google's published limits for each model family
// (Gemini 2.5 Flash Image: 3, Gemini 3 Pro Image / Nano Banana 2: 14).
const KNOWN_MODELS: KnownModel[] = [
	{
		id: 'nano-banana',
		name: 'Nano Banana',
		description: 'Gemini 2.5 Flash Image, the gateway default',
		maxReferenceImages: 3,
	},
	{
		id: 'nano-banana-hd',
		name: 'Nano Banana HD',
		description: 'Higher-resolution variant offered by many gateways',
		maxReferenceImages: 3,
	},
	{
		id: 'nano-banana-2',
		name: 'Nano Banana 2',
		description: 'Second-generation Nano Banana',
		maxReferenceImages: 14,
	},
	{
		id: 'nano-banana-pro',
		name: 'Nano Banana Pro',
		description: 'Gemini 3 Pro Image under its gateway name',
		maxReferenceImages: 14,
	},
	{
		id: 'gemini-2.5-flash-image',
		name: 'Gemini 2.5 Flash Image',
		description: "Google's model ID for Nano Banana",
		maxReferenceImages: 3,
	},
	{
		id: 'gemini-3-pro-image-preview',
		name: 'Gemini 3 Pro Image (Preview)',
		description: "Google's model ID for Nano Banana Pro",
		maxReferenceImages: 14,
	},
	{
		id: 'gemini-3-pro-image',
		name: 'Gemini 3 Pro Image',
		description: "Google's current model ID for Nano Banana Pro",
		maxReferenceImages: 14,
	},
	{
		id: 'gemini-nano-banana-2.1',
		name: 'Gemini Nano Banana 2.1',
		description: "Google's current model ID for Nano Banana 2.1",
		maxReferenceImages: 14,
	},
	{
		id: 'gemini-3.1-flash-lite-image',
		name: 'Gemini 3.1 Flash Lite Image',
		description: "Google's low-cost image model",
		maxReferenceImages: 14,
	},
];

// "pro" as a word of its own: "proxy/nano-banana" or "approved-flash-image" are not Pro models.
const PRO_FAMILY = /(^|[^a-z])pro([^a-z]|$)|nano-banana-2|gemini-3/i;

export const MODEL_OPTIONS: INodePropertyOptions[] = KNOWN_MODELS.map(({ id, name, description }) => ({
	name,
	value: id,
	description,
}));

/** How many reference images a model takes; unknown IDs are judged by their family name. */
export function defaultMaxReferenceImages(model: string): number {
	const known = KNOWN_MODELS.find((candidate) => candidate.id === model);
	if (known) return known.maxReferenceImages;
	return PRO_FAMILY.test(model) ? 14 : 3;
}
