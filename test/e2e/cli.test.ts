/**
 * The packed package in a real n8n, workflows run with `n8n import:*` and `n8n execute --id`:
 * what the gateway received (fields, parts, bytes, auth) and what n8n returned (binary bytes read
 * back from n8n's storage, MIME type, JSON, pairedItem), on each selected n8n line.
 */
import { exampleCredentialReference, loadExample, type ExampleFile } from './support/examples';
import { FIXTURE_FILES } from './support/fixtures';
import { selectedLines } from './support/lines';
import { binaryOf, expectSucceeded, outputOf, storedBytes } from './support/runData';
import {
	downloadRequests,
	editRequests,
	executeWorkflow,
	expectGatewayAuth,
	importWorkflows,
	singleEdit,
	useSession,
} from './support/session';
import { caseWorkflow, EDIT, withReadBytes, type CaseSpec } from './support/workflows';

const PROMPT = 'Turn this photo into a watercolor painting';
const FAILING_PROMPT = 'Paint it at 99x99 [[fault:422]]';
const GENERATE: ExampleFile = 'generate-from-prompt.json';

const CASES = {
	oneImage: { inputs: 'photo', readBytes: true, edit: { prompt: PROMPT, binaryPropertyNames: 'data' } },
	severalImages: {
		inputs: 'photoAndStyle',
		readBytes: true,
		edit: { prompt: PROMPT, binaryPropertyNames: 'data, style', output: 'binaryAndUrl' },
	},
	urlDownloaded: {
		inputs: 'photo',
		readBytes: true,
		edit: { prompt: PROMPT, binaryPropertyNames: 'data', options: { responseFormat: 'url' } },
	},
	urlOnly: { inputs: 'photo', edit: { prompt: PROMPT, binaryPropertyNames: 'data', output: 'url' } },
	apiError: {
		inputs: 'pair',
		continueOnFail: true,
		edit: {
			prompt: `={{ $json.fileName === 'second.png' ? '${FAILING_PROMPT}' : '${PROMPT}' }}`,
			binaryPropertyNames: 'data',
		},
	},
} satisfies Record<string, Omit<CaseSpec, 'id' | 'name'>>;

type CaseName = keyof typeof CASES | 'generate';

/** Workflow ids: 16 characters like the editor's. */
const workflowId = (name: CaseName) => `e2e${name}`.padEnd(16, '0').slice(0, 16);

const USAGE = { total_tokens: 1290, input_tokens: 0, output_tokens: 1290 };

describe.each(selectedLines())('n8n line %s: `n8n execute`', (line) => {
	const open = useSession(line, async (session) => {
		const context = { fixturesDir: session.home.fixturesDir, credential: exampleCredentialReference() };
		const generate = withReadBytes(loadExample(GENERATE), workflowId('generate'));
		const cases = Object.entries(CASES).map(([name, spec]) =>
			caseWorkflow({ ...spec, id: workflowId(name as CaseName), name: `e2e: ${name}` }, context),
		);
		await importWorkflows(session.home, [generate, ...cases]);
	});

	/** Runs a one-item case: it succeeded, sent one edit request and gave one item paired with its input. */
	const runOneItem = async (name: CaseName) => {
		const { run, requests } = await executeWorkflow(open(), workflowId(name));
		expectSucceeded(run);
		const edit = singleEdit(open(), requests);
		const items = outputOf(run, EDIT);
		expect(items).toHaveLength(1);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		return { run, edit, item: items[0], downloads: downloadRequests(requests) };
	};

	test('one image: the photo goes up as one part, the edited image comes back as binary data', async () => {
		const { run, edit, item, downloads } = await runOneItem('oneImage');
		expect(edit.fields).toEqual({ model: 'nano-banana', prompt: PROMPT, response_format: 'b64_json' });
		expect(edit.files).toEqual([
			{ field: 'image', fileName: 'photo.png', contentType: 'image/png', data: FIXTURE_FILES['photo.png'] },
		]);
		expect(downloads).toHaveLength(0);
		expect(item.json).toEqual({ model: 'nano-banana', index: 0, created: expect.any(Number), usage: USAGE });
		expect(binaryOf(item)).toMatchObject({ mimeType: 'image/png', fileExtension: 'png', fileName: 'photo-edited.png' });
		expect(storedBytes(run)).toEqual(edit.returned);
	});

	test('several images: both binary fields go up in order, the url answer is downloaded', async () => {
		const { run, edit, item, downloads } = await runOneItem('severalImages');
		expect(edit.fields).toEqual({ model: 'nano-banana', prompt: PROMPT, response_format: 'url' });
		expect(edit.files.map(({ field, fileName, data }) => ({ field, fileName, data }))).toEqual([
			{ field: 'image', fileName: 'photo.png', data: FIXTURE_FILES['photo.png'] },
			{ field: 'image', fileName: 'style.png', data: FIXTURE_FILES['style.png'] },
		]);
		expect(downloads).toHaveLength(1);
		expect(item.json).toMatchObject({ model: 'nano-banana', index: 0, url: `${open().gateway.url}${downloads[0].path}` });
		expect(binaryOf(item)).toMatchObject({ mimeType: 'image/png', fileName: 'photo-edited.png' });
		expect(storedBytes(run)).toEqual(edit.returned);
	});

	test('no image: examples/generate-from-prompt.json sends the prompt alone', async () => {
		const { run, edit, item } = await runOneItem('generate');
		const parameters = loadExample(GENERATE).nodes.find((node) => node.name === EDIT)?.parameters;
		expect(edit.files).toEqual([]);
		expect(edit.fields).toEqual({
			model: 'nano-banana',
			prompt: parameters?.prompt,
			size: parameters?.size,
			response_format: 'b64_json',
		});
		expect(binaryOf(item)).toMatchObject({ mimeType: 'image/png', fileName: 'nano-banana.png' });
		expect(storedBytes(run)).toEqual(edit.returned);
	});

	test('url answer: with Response Format URL the image is downloaded into binary data', async () => {
		const { run, edit, item, downloads } = await runOneItem('urlDownloaded');
		expect(edit.fields.response_format).toBe('url');
		expect(downloads).toHaveLength(1);
		expect(downloads[0].status).toBe(200);
		expect(item.json.url).toBe(`${open().gateway.url}${downloads[0].path}`);
		expect(binaryOf(item).mimeType).toBe('image/png');
		expect(storedBytes(run)).toEqual(edit.returned);
	});

	test('url-only output: the JSON holds the gateway url and nothing is downloaded', async () => {
		const { edit, item, downloads } = await runOneItem('urlOnly');
		expect(edit.fields.response_format).toBe('url');
		expect(downloads).toHaveLength(0);
		expect(item.json.url).toMatch(new RegExp(`^${open().gateway.url}/files/[\\w-]+\\.png$`));
		expect(item.binary ?? {}).toEqual({});
	});

	test('API error under continue-on-fail: the failed item becomes an error item paired with its input', async () => {
		const { run, requests } = await executeWorkflow(open(), workflowId('apiError'));
		expectSucceeded(run);
		expect(editRequests(requests)).toHaveLength(2);
		expectGatewayAuth(open(), requests);
		expect(editRequests(requests).map((request) => request.fields.prompt).sort()).toEqual([FAILING_PROMPT, PROMPT]);

		const inputs = outputOf(run, 'Read Pair').map((item) => item.json.fileName);
		expect([...inputs].sort()).toEqual(['first.png', 'second.png']);
		const items = outputOf(run, EDIT);
		expect(items).toHaveLength(2);
		const good = inputs.indexOf('first.png');
		const bad = inputs.indexOf('second.png');
		expect(items[good].pairedItem).toEqual({ item: good });
		expect(binaryOf(items[good]).mimeType).toBe('image/png');
		expect(items[bad].pairedItem).toEqual({ item: bad });
		expect(items[bad].binary ?? {}).toEqual({});
		expect(items[bad].json.error).toEqual(expect.stringContaining('Unprocessable: size 99x99 is not supported'));
		expect(items[bad].json.error).toEqual(expect.stringContaining('422'));
	});
});
