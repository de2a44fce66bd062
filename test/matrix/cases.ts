/**
 * What the node must make of each fault: the error class, what the message says after
 * "Item N: ", and the fix the description gives; or that it gets the image despite the fault.
 * Gateway faults are chosen by [[fault:NAME]] in the prompt; input faults are bad items.
 */
import type { TestItem } from '../harness/engine';
import { photo } from '../harness/fixtures';

export type Outcome =
	| { kind: 'NodeApiError' | 'NodeOperationError'; message: RegExp; fix: RegExp }
	| { kind: 'image' };

export interface FaultCase {
	name: string;
	outcome: Outcome;
	/** Retried by the node: also run with [[times:1]], where the retry must bring the image. */
	transient?: boolean;
	/** "Timeout" in seconds for faults that wait it out; others get a generous one (see scenario.ts). */
	timeout?: number;
	/** For input faults: the bad item, given the prompt it should carry. */
	badItem?: (prompt: string, seed: number) => TestItem;
}

/** Faults of the gateway that need a second server; test/downloads.test.ts covers them. */
export const COVERED_ELSEWHERE = ['url-given', 'url-redirect-to'];

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
