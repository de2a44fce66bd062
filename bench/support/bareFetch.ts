import type { GatewayCredentials } from '../../test/harness/execution';

/**
 * The floor for any JavaScript client: global fetch + FormData sending the node's requests for
 * `prompts` (with `image` as the reference) and decoding the answers, `concurrency` at a time.
 * Returns the wall time in milliseconds.
 */
export async function bareFetch(
	{ baseUrl, apiKey }: GatewayCredentials,
	prompts: string[],
	image: Buffer,
	concurrency = 1,
): Promise<number> {
	const started = performance.now();
	let next = 0;
	const worker = async () => {
		while (next < prompts.length) {
			const form = new FormData();
			form.append('model', 'nano-banana');
			form.append('prompt', prompts[next++]);
			form.append('image', new Blob([image], { type: 'image/png' }), 'data.png');
			form.append('response_format', 'b64_json');
			const response = await fetch(`${baseUrl}/v1/images/edits`, {
				method: 'POST',
				headers: { Authorization: `Bearer ${apiKey}`, Accept: 'application/json' },
				body: form,
			});
			const answer = (await response.json()) as { data: Array<{ b64_json: string }> };
			Buffer.from(answer.data[0].b64_json, 'base64');
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	return performance.now() - started;
}
