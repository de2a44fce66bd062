import type { INode, INodeExecutionData } from 'n8n-workflow';

import { SAMPLE_PHOTO, SAMPLE_STYLE, webhookUpload } from '../examples/sampleInputs';
import { startGateway, type Gateway, type ReceivedRequest } from './gateway/server';
import { binaryBuffer, type BinaryMode, type TestBinary, type TestItem } from './harness/binaryData';
import { exampleFiles, loadExample, type Example } from './harness/examples';
import { runWorkflow, type WorkflowRunResult } from './harness/workflow';

let gateway: Gateway;
beforeAll(async () => {
	gateway = await startGateway();
});
afterAll(async () => await gateway.close());

async function run(example: Example, pinned?: TestItem[], binaryMode?: BinaryMode) {
	const before = gateway.edits().length;
	const result = await runWorkflow(example.workflow, {
		credentials: { apiKey: gateway.apiKey, baseUrl: gateway.url },
		pinData: pinned ? { [example.trigger]: pinned } : example.pinData,
		destinationNode: example.destinationNode,
		binaryMode,
	});
	expect(result.error).toBeUndefined();
	const requests = gateway.edits().slice(before);
	expect(requests).toHaveLength(1);
	return { result, request: requests[0], items: result.outputs[example.destinationNode] ?? [] };
}

/** The images our node was asked to send, as the pinned trigger item holds them, in order. */
function expectedImages(node: INode, item: TestItem): TestBinary[] {
	const files = item.binary ?? {};
	if (node.parameters.inputImages === 'none') return [];
	if (node.parameters.inputImages === 'allBinaryFields') return Object.values(files);
	const names = String(node.parameters.binaryPropertyNames ?? 'data').split(',');
	return names.map((name) => files[name.trim()]);
}

async function expectReturnedImages(items: INodeExecutionData[], request: ReceivedRequest) {
	expect(items).toHaveLength(request.returned.length);
	for (const [index, item] of items.entries()) {
		expect(item.pairedItem).toEqual({ item: 0 });
		const binary = item.binary?.data;
		expect(binary?.mimeType).toBe('image/png');
		expect((await binaryBuffer(binary!)).equals(request.returned[index])).toBe(true);
	}
}

const nodeOf = (example: Example, name: string) => example.workflow.nodes.find((node) => node.name === name) as INode;

describe.each(exampleFiles())('examples/%s', (file) => {
	const example = loadExample(file);

	it('is an importable n8n workflow using our node with the demo credential', () => {
		expect(example.workflow).toEqual(
			expect.objectContaining({ name: expect.any(String), settings: expect.any(Object), pinData: {} }),
		);
		for (const node of example.workflow.nodes) {
			expect(node).toEqual(
				expect.objectContaining({ id: expect.any(String), position: expect.any(Array), parameters: expect.any(Object) }),
			);
		}
		expect(new Set(example.workflow.nodes.map((node) => node.id)).size).toBe(example.workflow.nodes.length);
		expect(nodeOf(example, example.destinationNode).credentials).toEqual({
			nanoBananaApi: { id: 'nano-banana-demo', name: 'Nano Banana (local demo gateway)' },
		});
	});

	it('sends the trigger images to the gateway and outputs the images it returned', async () => {
		const { result, request, items } = await run(example);
		const node = nodeOf(example, example.destinationNode);
		const images = expectedImages(node, example.pinData[example.trigger][0]);
		expect(request.headers.authorization).toBe(`Bearer ${gateway.apiKey}`);
		expect(request.fields.model).toBe('nano-banana');
		expect(request.files.map((received) => received.fileName)).toEqual(images.map((image) => image.fileName));
		request.files.forEach((received, index) => expect(received.data.equals(images[index].data)).toBe(true));
		await expectReturnedImages(items, request);
		// The run ends at our node: nodes after it, such as Respond to Webhook, never ran.
		expect(Object.keys(result.outputs).sort()).toEqual([example.destinationNode, example.trigger].sort());
	});
});

describe('examples/generate-from-prompt.json', () => {
	const example = loadExample('generate-from-prompt.json');

	it('asks for a 1024x1024 image from the prompt alone', async () => {
		const { request, items } = await run(example);
		expect(request.fields).toEqual({
			model: 'nano-banana',
			prompt: nodeOf(example, example.destinationNode).parameters.prompt,
			response_format: 'b64_json',
			size: '1024x1024',
		});
		expect(request.files).toEqual([]);
		expect(items[0].binary?.data.fileName).toBe('nano-banana.png');
	});
});

describe('examples/webhook-edit-image.json', () => {
	const example = loadExample('webhook-edit-image.json');
	const upload = (fields: Record<string, string>, query: Record<string, string> = {}) =>
		webhookUpload('nano-banana-edit', fields, { data: { data: SAMPLE_PHOTO, fileName: 'photo.png' } }, query);

	it('listens for POST /webhook/nano-banana-edit and answers from Respond to Webhook with our binary', () => {
		expect(nodeOf(example, 'Webhook')).toMatchObject({
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2.1,
			parameters: { httpMethod: 'POST', path: 'nano-banana-edit', responseMode: 'responseNode', options: {} },
		});
		expect(nodeOf(example, 'Respond to Webhook')).toMatchObject({
			type: 'n8n-nodes-base.respondToWebhook',
			typeVersion: 1.5,
			parameters: { respondWith: 'binary', responseDataSource: 'set', inputFieldName: 'data' },
		});
		expect(example.workflow.connections).toEqual({
			Webhook: { main: [[{ node: 'Nano Banana Edit', type: 'main', index: 0 }]] },
			'Nano Banana Edit': { main: [[{ node: 'Respond to Webhook', type: 'main', index: 0 }]] },
		});
	});

	it.each(['filesystem', 'inline'] as const)('edits the uploaded file "data" (%s binaries)', async (binaryMode) => {
		const { request, items } = await run(example, [upload({ prompt: 'Make it snow' })], binaryMode);
		expect(request.fields).toEqual({ model: 'nano-banana', prompt: 'Make it snow', response_format: 'b64_json' });
		expect(request.files).toHaveLength(1);
		expect(request.files[0]).toMatchObject({ field: 'image', fileName: 'photo.png', contentType: 'image/png' });
		expect(request.files[0].data.equals(SAMPLE_PHOTO)).toBe(true);
		await expectReturnedImages(items, request);
		expect(items[0].binary?.data.fileName).toBe('photo-edited.png');
	});

	it.each([
		['the form field', upload({ prompt: 'From the form' }, { prompt: 'From the query' }), 'From the form'],
		['the query string', upload({}, { prompt: 'From the query' }), 'From the query'],
		['neither (the default)', upload({}), 'Turn this photo into a watercolor painting'],
	])('takes the prompt from %s', async (_source, item, prompt) => {
		const { request } = await run(example, [item]);
		expect(request.fields.prompt).toBe(prompt);
	});
});

describe('examples/edit-several-images.json', () => {
	const example = loadExample('edit-several-images.json');

	it('sends the photo, then the style image, and outputs the image with its URL', async () => {
		const { request, items } = await run(example);
		expect(request.fields).toEqual({
			model: 'nano-banana',
			prompt: 'Repaint the first image in the style of the second image',
			response_format: 'url',
		});
		expect(request.files.map((received) => [received.field, received.fileName])).toEqual([
			['image', 'photo.png'],
			['image', 'style.png'],
		]);
		expect(request.files[0].data.equals(SAMPLE_PHOTO)).toBe(true);
		expect(request.files[1].data.equals(SAMPLE_STYLE)).toBe(true);
		await expectReturnedImages(items, request);
		const url = items[0].json.url as string;
		expect(url).toMatch(new RegExp(`^${gateway.url}/files/[\\w-]+\\.png$`));
		expect(gateway.received.some((entry) => entry.method === 'GET' && `${gateway.url}${entry.path}` === url)).toBe(true);
	});

	it('answers with the image and its URL in a header', () => {
		expect(nodeOf(example, 'Respond to Webhook').parameters).toEqual({
			respondWith: 'binary',
			responseDataSource: 'set',
			inputFieldName: 'data',
			options: { responseHeaders: { entries: [{ name: 'X-Image-Url', value: '={{ $json.url }}' }] } },
		});
	});
});

describe('runWorkflow', () => {
	const example = loadExample('webhook-edit-image.json');
	const credentials = () => ({ apiKey: gateway.apiKey, baseUrl: gateway.url });

	it('reports a built-in node that would have to run', async () => {
		const result: WorkflowRunResult = await runWorkflow(example.workflow, {
			credentials: credentials(),
			pinData: example.pinData,
		});
		expect(result.error?.message).toBe(
			'"Respond to Webhook" (n8n-nodes-base.respondToWebhook) is an n8n built-in node, which is not installed here',
		);
		expect(result.outputs[example.destinationNode]).toHaveLength(1);
	});

	it('leaves the workflow JSON as it was', async () => {
		const fresh = loadExample('webhook-edit-image.json');
		const before = JSON.stringify(fresh.workflow);
		await run(fresh);
		expect(JSON.stringify(fresh.workflow)).toBe(before);
	});

	it('rejects pin data for a node the workflow does not have', async () => {
		await expect(
			runWorkflow(example.workflow, { credentials: credentials(), pinData: { Webhok: [{ json: {} }] } }),
		).rejects.toThrow('pinData names "Webhok", which is not a node of "Nano Banana: edit an uploaded image (webhook)"');
	});
});
