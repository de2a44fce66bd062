/**
 * What the node must make of each fault: the error class, what the message says after
 * "Item N: ", and the fix the description gives; or that it gets the image despite the fault.
 * Faults of the gateway and of the Google fake are chosen by [[fault:NAME]] in the prompt; input
 * faults are bad items; URL-input faults are bad reference-image URLs on the local image host.
 */
import type { HostedFile } from '../gateway/imageHost';
import { makeLargePng, makePng } from '../gateway/png';
import type { TestItem } from '../harness/engine';
import { photo } from '../harness/fixtures';

export type Outcome =
	| { kind: 'NodeApiError' | 'NodeOperationError'; message: RegExp; fix: RegExp }
	| { kind: 'image' };

/** The image host as one cell sees it: every path it hands out lies in the cell's own folder. */
export interface CellHost {
	/** Serves `file` at `name` and returns its URL. */
	add(name: string, file: HostedFile): string;
	redirect(name: string, targetUrl: string): string;
	/** The URL of `name`, where nothing is served (a 404). */
	url(name: string): string;
}

/** A reference-image URL, and the bytes the node must send for it when it gets through. */
export interface HostedReference {
	url: string;
	bytes?: Buffer;
}

export interface FaultCase {
	name: string;
	outcome: Outcome;
	/** The API the node talks to: the OpenAI-compatible gateway (default) or the Google fake. */
	provider?: 'google';
	/** The server fault the row injects, when the row is named otherwise. */
	fault?: string;
	/** More prompt directives, e.g. [[retryDelay:0.2s]]. */
	directives?: string;
	/** Retried by the node: also run with [[times:1]], where the retry must bring the image. */
	transient?: boolean;
	/** "Timeout" in seconds for faults that wait it out; others get a generous one (see scenario.ts). */
	timeout?: number;
	/** For input faults: the bad item, given the prompt it should carry. */
	badItem?: (prompt: string, seed: number) => TestItem;
	/** For URL-input faults: the second reference URL of a faulty item (the first is a good image). */
	badReference?: (host: CellHost, seed: number) => HostedReference;
}

/** Faults of the gateway that need a second server; test/downloads.test.ts covers them. */
export const COVERED_ELSEWHERE = ['url-given', 'url-redirect-to'];
/** Google's answer with two images gives two outputs for one input; test/gemini.test.ts covers it. */
export const GOOGLE_COVERED_ELSEWHERE = ['two-images'];

const api = (message: RegExp, fix: RegExp): Outcome => ({ kind: 'NodeApiError', message, fix });
const input = (message: RegExp, fix: RegExp): Outcome => ({ kind: 'NodeOperationError', message, fix });
const image: Outcome = { kind: 'image' };

/** Seconds of "Timeout" for faults that make the node wait it out: short, yet above any healthy answer under load. */
const WAIT = 3;
const KEY_FIX = /Check the API key/;
const GATEWAY_FIX = /problem at the gateway or the model behind it/;
const DROPPED_FIX = /dropped the connection/;
const BROKEN_ANSWER_FIX = /Run the item again; if it keeps happening, switch "Response Format"/;
const EXPIRED_FIX = /link may have expired/;
const SLOW_LINK_FIX = /slow or unreachable/;
const REFUSED_URL_FIX = /fetches only http\(s\) links/;

const failed = (status: number) => api(new RegExp(`^The gateway failed \\(${status}\\) after 2 attempts: `), GATEWAY_FIX);

export const GATEWAY_CASES: FaultCase[] = [
	{ name: '401', outcome: api(/^The gateway rejected the API key \(401\): Incorrect API key provided$/, KEY_FIX) },
	{ name: '403', outcome: api(/^The gateway rejected the API key \(403\): This key may not use this model$/, KEY_FIX) },
	{ name: '404', outcome: api(/^Nothing found at http:\/\/127\.0\.0\.1:\d+\/v1\/images\/edits \(404\)/, /Check the Base URL/) },
	{ name: '408', transient: true, outcome: api(/^The gateway gave up waiting for the request \(408\) after 2 attempts/, /too slow or the gateway too busy/) },
	{ name: '413', outcome: api(/^The gateway refused the upload as too large \(413\): the reference images total \d+ B$/, /fewer or smaller reference images/) },
	{ name: '422', outcome: api(/^The gateway rejected the request \(422\): Unprocessable: size 99x99 is not supported$/, /Check the prompt, size, model/) },
	{ name: '429', transient: true, outcome: api(/^The gateway is rate limiting requests \(429\) after 2 attempts/, /Lower "Concurrency"/) },
	{ name: '429-retry-after', transient: true, outcome: api(/^The gateway is rate limiting requests \(429\) after 2 attempts/, /Lower "Concurrency"/) },
	{ name: '500', transient: true, outcome: failed(500) },
	{ name: '502', transient: true, outcome: failed(502) },
	{ name: '503', transient: true, outcome: failed(503) },
	{ name: '504', transient: true, outcome: failed(504) },
	{ name: 'html-524', transient: true, outcome: api(/^The gateway failed \(524\) after 2 attempts: HTML page "gateway\.example\.com \| 524: A timeout occurred"$/, GATEWAY_FIX) },
	{ name: 'echo-auth', outcome: api(/^The gateway rejected the API key \(401\): Invalid token: Bearer \[redacted\]$/, KEY_FIX) },
	{ name: 'echo-auth-500', outcome: failed(500) },
	{ name: 'echo-auth-html', outcome: api(/^The gateway failed \(502\) after 2 attempts: HTML page "502 for Bearer \[redacted\]"$/, GATEWAY_FIX) },
	{ name: 'echo-auth-blocked', outcome: api(/^The gateway returned no image; .* The gateway said: "Refused: key \[redacted\] has no image quota"$/, /Rephrase the prompt/) },
	{ name: 'echo-auth-url', outcome: image },
	{ name: 'reset-before', transient: true, outcome: api(/^The connection to the gateway failed: .*\(2 attempts\)$/, DROPPED_FIX) },
	{ name: 'reset-mid-body', transient: true, outcome: api(/^The connection to the gateway failed: .*\(2 attempts\)$/, DROPPED_FIX) },
	{ name: 'truncated', transient: true, outcome: api(/^The connection to the gateway failed: .*\(2 attempts\)$/, DROPPED_FIX) },
	{ name: 'hang', transient: true, timeout: WAIT, outcome: api(/^The gateway did not answer within 3 s \(2 attempts\)$/, /raise "Timeout"/) },
	{ name: 'stall-mid-body', transient: true, timeout: WAIT, outcome: api(/^The gateway did not answer within 3 s \(2 attempts\)$/, /raise "Timeout"/) },
	{ name: 'invalid-json', outcome: api(/^The gateway answered 200 but not with JSON \(application\/json\): "\{"created": 1/, /Check the Base URL/) },
	{ name: 'not-json', outcome: api(/^The gateway answered 200 but not with JSON \(text\/html\): "<html><head><title>Welcome to nginx!/, /Check the Base URL/) },
	{ name: 'no-data', outcome: api(/^The gateway's answer has no "data" list of images\.$/, /OpenAI-compatible/) },
	{ name: 'empty-data', outcome: api(/^The gateway returned no image; .*The gateway said: "I cannot generate that image/, /Rephrase the prompt/) },
	{ name: 'no-url-or-b64', outcome: api(/^The image in the gateway's answer has neither "url" nor "b64_json"$/, BROKEN_ANSWER_FIX) },
	{ name: 'invalid-base64', outcome: api(/^The image's b64_json is not valid base64 \(starts with "###notbase64###"\)$/, BROKEN_ANSWER_FIX) },
	{ name: 'not-an-image', outcome: api(/^The image the gateway returned is not an image: it is a PDF document$/, BROKEN_ANSWER_FIX) },
	{ name: 'one-broken', outcome: api(/^Image 2 of 3's b64_json is not valid base64 \(starts with "\*\*\*"\)$/, BROKEN_ANSWER_FIX) },
	{ name: 'url-404', outcome: api(/^Downloading the image from http:\/\/127\.0\.0\.1:\d+\/files\/missing\.png failed \(404\)$/, EXPIRED_FIX) },
	{ name: 'url-html', outcome: api(/^The image URL http:\/\/\S+ did not return an image: it returned an HTML page$/, EXPIRED_FIX) },
	{ name: 'url-redirect', outcome: image },
	{ name: 'url-redirect-loop', outcome: api(/^The image URL http:\/\/\S+ redirected more than 5 times$/, /Response Format: Base64 JSON/) },
	{ name: 'url-huge', outcome: api(/^The image at http:\/\/\S+ is larger than the 1\.0 MB limit$/, /Raise "Max Download Size \(MB\)"/) },
	{ name: 'url-huge-chunked', outcome: api(/^The image at http:\/\/\S+ is larger than the 1\.0 MB limit$/, /Raise "Max Download Size \(MB\)"/) },
	{ name: 'url-stall', timeout: WAIT, outcome: api(/^Downloading the image from http:\/\/\S+ did not finish within 3 s$/, SLOW_LINK_FIX) },
	{ name: 'url-no-answer', timeout: WAIT, outcome: api(/^Downloading the image from http:\/\/\S+ did not finish within 3 s$/, SLOW_LINK_FIX) },
	{ name: 'url-reset-mid-body', outcome: api(/^Downloading the image from http:\/\/\S+ broke off: aborted$/, /connection to the server holding the image dropped/) },
	{ name: 'url-file-scheme', outcome: api(/^The gateway returned an image URL with the unsupported scheme "file:"; only http and https are fetched$/, REFUSED_URL_FIX) },
	{ name: 'url-ftp-scheme', outcome: api(/^The gateway returned an image URL with the unsupported scheme "ftp:"; only http and https are fetched$/, REFUSED_URL_FIX) },
	{ name: 'url-data-image', outcome: image },
	{ name: 'url-data-html', outcome: api(/^The gateway returned a data: URL that is not a base64-encoded image \(text\/html\)$/, REFUSED_URL_FIX) },
	{ name: 'url-data-not-base64', outcome: api(/^The data: URL the gateway returned is not valid base64/, BROKEN_ANSWER_FIX) },
];

const file = (data: Buffer, fileName: string, mimeType: string) => ({ data: { data, fileName, mimeType } });

export const INPUT_CASES: FaultCase[] = [
	{
		name: 'input: PDF instead of an image',
		badItem: (prompt) => ({ json: { prompt }, binary: file(Buffer.from('%PDF-1.7\n1 0 obj'), 'invoice.pdf', 'application/pdf') }),
		outcome: input(/^Binary property "data" \(invoice\.pdf\) is not an image: it is a PDF document$/, /must be PNG, JPEG/),
	},
	{
		name: 'input: zero-byte file',
		badItem: (prompt) => ({ json: { prompt }, binary: file(Buffer.alloc(0), 'empty.png', 'image/png') }),
		outcome: input(/^Binary property "data" \(empty\.png\) is empty \(0 bytes\)$/, /Check the node that produced the file/),
	},
	{
		name: 'input: binary under another name',
		badItem: (prompt, seed) => ({ json: { prompt }, binary: { photo: { data: photo(seed), fileName: 'photo.png', mimeType: 'image/png' } } }),
		outcome: input(/^Binary property "data" not found\. The item has "photo"\.$/, /Set "Binary Property Names" to one of these names/),
	},
	{
		name: 'input: prompt expression gives an object',
		badItem: (_prompt, seed) => ({ json: { prompt: { text: 'a hat' } }, binary: file(photo(seed), 'data.png', 'image/png') }),
		outcome: input(/^"Prompt" must be text, but its expression gave an object$/, /returns a string/),
	},
	{
		name: 'input: blank prompt',
		badItem: (_prompt, seed) => ({ json: { prompt: '   ' }, binary: file(photo(seed), 'data.png', 'image/png') }),
		outcome: input(/^"Prompt" is empty$/, /Enter a prompt/),
	},
];

const GOOGLE_RETRY_FIX = /Try again later, or raise "Max Retries"/;
const REPHRASE_FIX = /Rephrase the prompt or use other reference images/;
const googleFailed = (status: string) =>
	api(new RegExp(`^Google failed \\(${status}\\) after 2 attempts: `), GOOGLE_RETRY_FIX);
const google = (fault: string, outcome: Outcome, extra: Partial<FaultCase> = {}): FaultCase => ({
	name: `google: ${fault}${extra.directives ? ` ${extra.directives}` : ''}`,
	provider: 'google',
	fault,
	outcome,
	...extra,
});
const RATE_LIMITED = /^Google is rate limiting requests \(429 RESOURCE_EXHAUSTED\) after 2 attempts: You exceeded your current quota/;

/** The Google provider against the Google fake's faults (test/gateway/googleFaults.ts). */
export const GOOGLE_CASES: FaultCase[] = [
	google('429', api(RATE_LIMITED, /Lower "Concurrency".*quota of your Google project\.$/), { transient: true }),
	google('429', api(RATE_LIMITED, /Google asks to wait 0\.2 s\.$/), { transient: true, directives: '[[retryDelay:0.2s]]' }),
	google('500', googleFailed('500 INTERNAL'), { transient: true }),
	google('503', googleFailed('503 UNAVAILABLE'), { transient: true }),
	google('504', googleFailed('504 DEADLINE_EXCEEDED'), { transient: true }),
	google('block-prompt', api(/^Google blocked the prompt \(PROHIBITED_CONTENT\)\.$/, REPHRASE_FIX)),
	google('image-safety', api(/^Google blocked the image \(IMAGE_SAFETY\)\. Google said: "Unable to show the generated image\. The image was filtered out\."$/, REPHRASE_FIX)),
	google('no-image-reason', api(/^Google returned no image \(finish reason NO_IMAGE\)\.$/, /Ask for an image explicitly/)),
	google('text-only', api(/^Google returned no image \(finish reason STOP\)\. Google said: "I can describe a cat, but I will not draw one\."$/, /Ask for an image explicitly/)),
	google('invalid-base64', api(/^Image 1's inlineData is not valid base64 \(starts with "###notbase64###"\)$/, /Run the item again/)),
	google('not-json', api(/^Google answered 200 but not with JSON \(text\/html\): "<html><head><title>Proxy login/, /Check the Base URL/)),
	google('thoughts', image),
	google('jpeg', image),
];

const REFERENCE_FIX = /Check that the URL is public/;
/** Above the 1 MB "Max Download Size" the matrix runs with. */
const OVERSIZE = makeLargePng(1536 * 1024, 5);
const redirected = (seed: number) => makePng(5, 3, [seed % 256, 90, 200]);
const HOSTED_URL = 'http:\\/\\/127\\.0\\.0\\.1:\\d+\\/[^\\s?]+';
const second = (message: string) => new RegExp(`^Image URL 2 of 2: ${message}$`);

/** "Input Images: Image URLs", each faulty item's second URL failing on the image host (or before it). */
export const URL_CASES: FaultCase[] = [
	{
		name: 'url input: 404',
		badReference: (host, seed) => ({ url: `${host.url(`missing-${seed}.png`)}?signature=secret-${seed}` }),
		outcome: api(second(`Downloading the image from ${HOSTED_URL}\\/missing-\\d+\\.png failed \\(404\\)`), REFERENCE_FIX),
	},
	{
		name: 'url input: HTML page',
		badReference: (host, seed) => ({
			url: host.add(`page-${seed}.png`, { body: Buffer.from('<!DOCTYPE html><html><body>Product page</body></html>'), contentType: 'text/html' }),
		}),
		outcome: api(second(`The image URL ${HOSTED_URL} did not return an image: it returned an HTML page`), REFERENCE_FIX),
	},
	{
		name: 'url input: oversize',
		badReference: (host, seed) => ({ url: host.add(`huge-${seed}.png`, { body: OVERSIZE, contentType: 'image/png' }) }),
		outcome: api(second(`The image at ${HOSTED_URL} is larger than the 1\\.0 MB limit`), REFERENCE_FIX),
	},
	{
		name: 'url input: oversize, streamed',
		badReference: (host, seed) => ({ url: host.add(`huge-${seed}.png`, { body: OVERSIZE, contentType: 'image/png', chunked: true }) }),
		outcome: api(second(`The image at ${HOSTED_URL} is larger than the 1\\.0 MB limit`), REFERENCE_FIX),
	},
	{
		// The node fetches one item's URLs at a time (the "ready" permit in nodes/NanoBananaEdit/runner.ts),
		// so the batch cell with "Continue On Fail" waits out 5 x 3 s: about 15 s of its 20 s bound.
		name: 'url input: stall',
		timeout: WAIT,
		badReference: (host, seed) => ({ url: host.add(`stall-${seed}.png`, { body: OVERSIZE.subarray(0, 256 * 1024), contentType: 'image/png', stallAfter: 1024 }) }),
		outcome: api(second(`Downloading the image from ${HOSTED_URL} did not finish within 3 s`), REFERENCE_FIX),
	},
	{
		name: 'url input: redirect',
		badReference: (host, seed) => {
			const bytes = redirected(seed);
			const target = host.add(`target-${seed}.png`, { body: bytes, contentType: 'application/octet-stream' });
			return { url: host.redirect(`moved-${seed}`, target), bytes };
		},
		outcome: image,
	},
	{
		name: 'url input: data: URL of text',
		badReference: () => ({ url: `data:image/png;base64,${Buffer.from('just some text').toString('base64')}` }),
		outcome: input(second('The data: URL is not an image: it is plain text'), REFERENCE_FIX),
	},
	{
		name: 'url input: not http(s)',
		badReference: () => ({ url: 'ftp://example.com/a.png' }),
		outcome: input(/^Image URL 2 "ftp:\/\/example\.com\/a\.png" is not an http\(s\) URL$/, /Give full http:\/\/ or https:\/\/ addresses/),
	},
];
