import type { IHttpRequestOptions } from 'n8n-workflow';

import { Base64Decoder } from '../nodes/NanoBananaEdit/base64Decoder';
import { binaryBuffer, runNode } from './harness/engine';
import { watchExecution, type ExecutionWatch } from './harness/executionWatch';
import { gatewayRun, itemWithImages, photo } from './harness/fixtures';
import { makeLargePng } from './gateway/png';
import { startGateway, type Gateway } from './gateway/server';

const IMAGE_BYTES = 2 * 1024 * 1024;

let gateway: Gateway;
let watch: ExecutionWatch;
afterEach(async () => {
	watch.restore();
	jest.restoreAllMocks();
	await gateway.close();
});

const called = (name: string) => watch.calls.filter((call) => call.name === name);

describe('reference images', () => {
	const large = makeLargePng(IMAGE_BYTES, 3);
	const small = photo(2);

	it('streams binaries n8n keeps on disk into the upload, with known lengths, reading none into a Buffer', async () => {
		gateway = await startGateway();
		watch = watchExecution(['getBinaryDataBuffer', 'binaryToBuffer', 'getBinaryStream']);
		const result = await runNode(
			gatewayRun(gateway, { binaryPropertyNames: 'large,small' }, { items: [itemWithImages({ large, small })], binaryMode: 'filesystem' }),
		);

		expect(result.error).toBeUndefined();
		expect(called('getBinaryDataBuffer')).toHaveLength(0);
		expect(called('binaryToBuffer')).toHaveLength(0);
		expect(called('getBinaryStream').length).toBeGreaterThanOrEqual(2);
		const [request] = gateway.edits();
		expect(request.files.map((file) => file.data.equals(file.fileName === 'large.png' ? large : small))).toEqual([true, true]);
		expect(request.headers['content-length']).toBeDefined();
		expect(request.headers['transfer-encoding']).toBeUndefined();
	});

	it('still sends binaries kept inline in the item', async () => {
		gateway = await startGateway();
		watch = watchExecution(['getBinaryDataBuffer']);
		const result = await runNode(
			gatewayRun(gateway, { binaryPropertyNames: 'large' }, { items: [itemWithImages({ large })], binaryMode: 'inline' }),
		);

		expect(result.error).toBeUndefined();
		expect(called('getBinaryDataBuffer')).toHaveLength(1);
		expect(gateway.edits()[0].files[0].data.equals(large)).toBe(true);
	});
});

describe('generated images', () => {
	it('streams a url answer into the binary store, with the sniffed type', async () => {
		gateway = await startGateway({ imageBytes: IMAGE_BYTES });
		watch = watchExecution(['prepareBinaryData']);
		const result = await runNode(
			gatewayRun(gateway, { options: { responseFormat: 'url' } }, { items: [itemWithImages({ data: photo(1) })] }),
		);

		expect(result.error).toBeUndefined();
		const [store] = called('prepareBinaryData');
		expect(Buffer.isBuffer(store.args[0])).toBe(false);
		expect(store.args[2]).toBe('image/png');
		expect((await binaryBuffer(result.items[0].binary!.data)).equals(gateway.edits()[0].returned[0])).toBe(true);
	});

	it('reads a b64_json answer as a stream and decodes it piece by piece', async () => {
		gateway = await startGateway({ imageBytes: IMAGE_BYTES });
		watch = watchExecution(['httpRequestWithAuthentication']);
		const decoded = jest.spyOn(Base64Decoder.prototype, 'write');
		const result = await runNode(
			gatewayRun(gateway, { options: { responseFormat: 'b64_json' } }, { items: [itemWithImages({ data: photo(1) })] }),
		);

		expect(result.error).toBeUndefined();
		const image = gateway.edits()[0].returned[0];
		expect((await binaryBuffer(result.items[0].binary!.data)).equals(image)).toBe(true);
		const [request] = called('httpRequestWithAuthentication');
		expect((request.args[1] as IHttpRequestOptions).encoding).toBe('stream');
		const pieces = decoded.mock.calls.map(([piece]) => piece.length);
		expect(pieces.reduce((sum, length) => sum + length, 0)).toBe(image.toString('base64').length);
		// The text came in socket-sized pieces and was never held whole.
		expect(Math.max(...pieces)).toBeLessThan(image.length / 4);
	});
});
