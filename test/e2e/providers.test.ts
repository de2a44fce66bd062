/**
 * Beyond binaries on one gateway (issue 7), in a real n8n on each selected line, run with
 * `n8n execute`: reference images the node fetches from URLs on a local image host (one through a
 * redirect), and the Google Gemini API provider against the local Google fake. Checked: what the
 * image host, the gateway and the fake received (bytes, order, MIME types, headers) and what n8n
 * returned (binary bytes read back from n8n's storage, MIME type, file name, JSON, pairedItem).
 */
import { startGoogleFake, type GoogleFake } from '../gateway/google';
import { startImageHost, type ImageHost } from '../gateway/imageHost';
import { makeJpeg, makePng } from '../gateway/png';
import type { CredentialJson } from './harness/n8nProcess';
import { CREDENTIAL_TYPE, exampleCredentialReference } from './support/examples';
import { FIXTURE_FILES } from './support/fixtures';
import { selectedLines } from './support/lines';
import { binaryOf, expectSucceeded, outputOf, storedBytes } from './support/runData';
import { executeWorkflow, importWorkflows, singleEdit, useSession, type E2eSession } from './support/session';
import { caseWorkflow, EDIT } from './support/workflows';

const PROMPT = 'Put the product on a beach, lit like the reference shot';
const PRODUCT = makePng(40, 30, [220, 120, 20]);
/** Served as application/octet-stream: only its bytes say it is a JPEG. */
const SHOT = makeJpeg('e2e shot from a CDN');
const GOOGLE_MODEL = 'gemini-3-pro-image';
/** A second credential of our type, on the Google provider (the value saved credentials hold). */
const GOOGLE_CREDENTIAL = { id: 'e2eGoogleFake0001', name: 'Google Gemini API (local fake)' };

type CaseName = 'urls' | 'google';
const workflowId = (name: CaseName) => `e2eprovider${name}`.padEnd(16, '0');

let host: ImageHost;
let google: GoogleFake;
/** The product's URL, then a redirect to the shot's. */
let imageUrls: string[];

beforeAll(async () => {
	[host, google] = await Promise.all([startImageHost(), startGoogleFake()]);
	const product = host.add('/cdn/product.png', { body: PRODUCT, contentType: 'image/png' });
	const shot = host.add('/cdn/w_800/shot.jpeg', { body: SHOT, contentType: 'application/octet-stream' });
	imageUrls = [product, host.redirect('/go/shot', shot)];
});
afterAll(async () => await Promise.all([host?.close(), google?.close()]));

function googleCredential(): CredentialJson {
	const data = { provider: 'googleGemini', apiKey: google.apiKey, googleBaseUrl: google.url };
	return { ...GOOGLE_CREDENTIAL, type: CREDENTIAL_TYPE, data };
}

async function importCases(session: E2eSession): Promise<void> {
	const context = { fixturesDir: session.home.fixturesDir, credential: exampleCredentialReference() };
	await importWorkflows(session.home, [
		caseWorkflow(
			{
				id: workflowId('urls'),
				name: 'e2e: image URLs',
				inputs: 'none',
				readBytes: true,
				edit: { prompt: PROMPT, inputImages: 'urls', imageUrls: imageUrls.join('\n') },
			},
			context,
		),
		caseWorkflow(
			{
				id: workflowId('google'),
				name: 'e2e: Google provider',
				inputs: 'photoAndStyle',
				styleFile: 'reference.bin',
				readBytes: true,
				edit: { model: GOOGLE_MODEL, prompt: PROMPT, binaryPropertyNames: 'data, style' },
			},
			{ ...context, credential: GOOGLE_CREDENTIAL },
		),
	]);
}

describe.each(selectedLines())('n8n line %s: image URLs and the Google provider under `n8n execute`', (line) => {
	const open = useSession(line, importCases, { credentials: () => [googleCredential()] });

	/** Runs a case that must succeed with one output item paired with the trigger's or the input's item. */
	const runOneItem = async (name: CaseName) => {
		const { run, requests } = await executeWorkflow(open(), workflowId(name));
		expectSucceeded(run);
		const items = outputOf(run, EDIT);
		expect(items).toHaveLength(1);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		return { run, requests, item: items[0] };
	};

	test('image URLs: both are fetched without the key, redirect followed, and sent in order typed by their bytes', async () => {
		const fetchedBefore = host.requests.length;
		const { run, requests, item } = await runOneItem('urls');
		const edit = singleEdit(open(), requests);
		expect(edit.fields).toEqual({ model: 'nano-banana', prompt: PROMPT, response_format: 'b64_json' });
		expect(edit.files).toEqual([
			{ field: 'image', fileName: 'product.png', contentType: 'image/png', data: PRODUCT },
			{ field: 'image', fileName: 'shot.jpg', contentType: 'image/jpeg', data: SHOT },
		]);

		const fetched = host.requests.slice(fetchedBefore);
		expect(fetched.map((request) => request.path).sort()).toEqual(['/cdn/product.png', '/cdn/w_800/shot.jpeg', '/go/shot']);
		for (const request of fetched) {
			expect(request.headers.authorization).toBeUndefined();
			expect(JSON.stringify(request.headers)).not.toContain(open().gateway.apiKey);
		}

		expect(item.json).toMatchObject({ model: 'nano-banana', index: 0 });
		expect(binaryOf(item)).toMatchObject({ mimeType: 'image/png', fileExtension: 'png', fileName: 'product-edited.png' });
		expect(storedBytes(run)).toEqual(edit.returned);
	});

	test('Google provider: the prompt and both images go up inline with their true MIME types and x-goog-api-key only', async () => {
		const before = google.generations().length;
		const { run, requests, item } = await runOneItem('google');
		expect(requests).toEqual([]);
		// n8n types the file by its name; the node must send what its bytes are.
		expect(binaryOf(outputOf(run, 'Read Style')[0], 'style').mimeType).toBe('application/octet-stream');
		const generations = google.generations().slice(before);
		expect(generations).toHaveLength(1);
		const [request] = generations;
		expect(request.status).toBe(200);
		expect(request.path).toBe(`/v1beta/models/${GOOGLE_MODEL}:generateContent`);
		expect(request.headers['x-goog-api-key']).toBe(google.apiKey);
		expect(request.headers.authorization).toBeUndefined();
		expect(request.body).toEqual({
			contents: [
				{
					role: 'user',
					parts: [
						{ text: PROMPT },
						{ inlineData: { mimeType: 'image/png', data: FIXTURE_FILES['photo.png'].toString('base64') } },
						{ inlineData: { mimeType: 'image/jpeg', data: FIXTURE_FILES['reference.bin'].toString('base64') } },
					],
				},
			],
			generationConfig: { responseModalities: ['TEXT', 'IMAGE'] },
		});

		expect(item.json).toEqual({
			model: GOOGLE_MODEL,
			index: 0,
			text: 'Here is your image.',
			usageMetadata: { promptTokenCount: 12, candidatesTokenCount: 1290, totalTokenCount: 1302 },
			modelVersion: GOOGLE_MODEL,
			responseId: expect.any(String),
		});
		expect(binaryOf(item)).toMatchObject({ mimeType: 'image/png', fileExtension: 'png', fileName: 'photo-edited.png' });
		expect(request.returned).toHaveLength(1);
		expect(storedBytes(run)).toEqual(request.returned);
	});
});
