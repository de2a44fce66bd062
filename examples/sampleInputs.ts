/**
 * What `npm run demo` and test/examples.test.ts feed each example workflow here, pinned in place
 * of its trigger (n8n's built-in nodes are not installed in this package): what the Manual Trigger
 * emits, or what n8n's Webhook node (v2.1) makes of a multipart upload — text fields in
 * `json.body`, each file as the binary property named like its form field.
 *
 * In n8n itself, send the same upload with e.g.
 *   curl -F data=@photo.png -F prompt='Make it snow' http://localhost:5678/webhook/nano-banana-edit
 */
import type { INode } from 'n8n-workflow';

import { makePng } from '../test/gateway/png';
import type { TestItem } from '../test/harness/binaryData';

export const SAMPLE_PHOTO = makePng(48, 32, [214, 180, 60]);
export const SAMPLE_STYLE = makePng(32, 32, [40, 90, 200]);

/** The item n8n's Webhook node emits for a multipart POST of these fields and PNG files. */
export function webhookUpload(
	path: string,
	fields: Record<string, string>,
	files: Record<string, { data: Buffer; fileName: string }>,
	query: Record<string, string> = {},
): TestItem {
	return {
		json: {
			headers: { host: 'localhost:5678', 'content-type': 'multipart/form-data; boundary=----n8nDemo' },
			params: {},
			query,
			body: fields,
			webhookUrl: `http://localhost:5678/webhook/${path}`,
			executionMode: 'production',
		},
		binary: Object.fromEntries(
			Object.entries(files).map(([name, file]) => [name, { ...file, mimeType: 'image/png' }]),
		),
	};
}

const webhookPath = (trigger: INode) => String(trigger.parameters.path);

/** The trigger output of each example, by file name; `trigger` is the example's trigger node. */
export const sampleTriggerOutput: Record<string, (trigger: INode) => TestItem[]> = {
	'generate-from-prompt.json': () => [{ json: {} }],
	'webhook-edit-image.json': (trigger) => [
		webhookUpload(webhookPath(trigger), {}, { data: { data: SAMPLE_PHOTO, fileName: 'photo.png' } }),
	],
	'edit-several-images.json': (trigger) => [
		webhookUpload(
			webhookPath(trigger),
			{},
			{
				data: { data: SAMPLE_PHOTO, fileName: 'photo.png' },
				style: { data: SAMPLE_STYLE, fileName: 'style.png' },
			},
		),
	],
};
