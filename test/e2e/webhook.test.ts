/**
 * The example webhook workflows published in a real `n8n start`: an HTTP caller uploads images
 * (up to 20 MB) and gets the edited image back from Respond to Webhook, on each selected n8n line.
 */
import { createHash } from 'node:crypto';

import { makeLargePng } from '../gateway/png';
import type { RunningN8n } from './harness/n8nProcess';
import { loadExample, type ExampleFile } from './support/examples';
import { FIXTURE_FILES } from './support/fixtures';
import { selectedLines } from './support/lines';
import { downloadRequests, importWorkflows, recordRequests, singleEdit, useSession } from './support/session';

const EDIT_IMAGE: ExampleFile = 'webhook-edit-image.json';
const EDIT_SEVERAL: ExampleFile = 'edit-several-images.json';
const LARGE_UPLOAD_BYTES = 20 * 1024 * 1024;

function webhookPath(file: ExampleFile): string {
	const trigger = loadExample(file).nodes.find((node) => node.type === 'n8n-nodes-base.webhook');
	if (typeof trigger?.parameters.path !== 'string') throw new Error(`examples/${file} has no webhook path`);
	return trigger.parameters.path;
}

function upload(fields: Record<string, string>, files: Record<string, { data: Buffer; fileName: string }>): FormData {
	const form = new FormData();
	for (const [name, value] of Object.entries(fields)) form.append(name, value);
	for (const [name, file] of Object.entries(files)) {
		form.append(name, new Blob([file.data], { type: 'image/png' }), file.fileName);
	}
	return form;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe.each(selectedLines())('n8n line %s: published webhooks under `n8n start`', (line) => {
	let n8n: RunningN8n | undefined;
	const open = useSession(line, async (session) => {
		const workflows = [EDIT_IMAGE, EDIT_SEVERAL].map((file, index) => ({
			...loadExample(file),
			id: `e2ewebhook${index}`.padEnd(16, '0'),
		}));
		await importWorkflows(session.home, workflows);
		for (const workflow of workflows) await session.home.publish(workflow.id);
		n8n = await session.home.start();
	});
	const running = (): RunningN8n => {
		if (!n8n) throw new Error('n8n did not start (see beforeAll)');
		return n8n;
	};

	/** POSTs to the example's webhook; returns the answer and the gateway requests it caused. */
	const post = async (file: ExampleFile, form: FormData) => {
		const { result, requests } = await recordRequests(open(), async () => {
			const response = await running().webhook(webhookPath(file), { method: 'POST', body: form });
			return { response, body: Buffer.from(await response.arrayBuffer()) };
		});
		return { ...result, requests };
	};

	test('n8n loaded the package from .n8n/nodes at start-up', () => {
		expect(running().hasLoadedPackage()).toBe(true);
	});

	test(`${EDIT_IMAGE}: the caller gets the edited image back`, async () => {
		const photo = FIXTURE_FILES['photo.png'];
		const form = upload({ prompt: 'Make it snow' }, { data: { data: photo, fileName: 'photo.png' } });
		const { response, body, requests } = await post(EDIT_IMAGE, form);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^image\/png/);
		const edit = singleEdit(open(), requests);
		expect(edit.fields.prompt).toBe('Make it snow');
		expect(edit.files).toEqual([{ field: 'image', fileName: 'photo.png', contentType: 'image/png', data: photo }]);
		expect(body).toEqual(edit.returned[0]);
	});

	test(`${EDIT_IMAGE}: a 20 MB upload reaches the gateway byte for byte`, async () => {
		const large = makeLargePng(LARGE_UPLOAD_BYTES);
		const form = upload({}, { data: { data: large, fileName: 'large.png' } });
		const { response, body, requests } = await post(EDIT_IMAGE, form);
		expect(response.status).toBe(200);
		const edit = singleEdit(open(), requests);
		expect(edit.files).toHaveLength(1);
		// Hashes, not buffers: a failing 20 MB comparison would print both.
		expect({ bytes: edit.files[0].data.length, sha256: sha256(edit.files[0].data) }).toEqual({
			bytes: large.length,
			sha256: sha256(large),
		});
		expect(large.length).toBeGreaterThanOrEqual(LARGE_UPLOAD_BYTES);
		expect(body).toEqual(edit.returned[0]);
	});

	test(`${EDIT_SEVERAL}: photo and style go up in order, the image and its URL come back`, async () => {
		const files = {
			data: { data: FIXTURE_FILES['photo.png'], fileName: 'photo.png' },
			style: { data: FIXTURE_FILES['style.png'], fileName: 'style.png' },
		};
		const { response, body, requests } = await post(EDIT_SEVERAL, upload({}, files));
		expect(response.status).toBe(200);
		const edit = singleEdit(open(), requests);
		expect(edit.files.map(({ fileName, data }) => ({ fileName, data }))).toEqual([files.data, files.style]);
		const [download] = downloadRequests(requests);
		expect(downloadRequests(requests)).toHaveLength(1);
		expect(response.headers.get('x-image-url')).toBe(`${open().gateway.url}${download.path}`);
		expect(body).toEqual(edit.returned[0]);
	});
});
