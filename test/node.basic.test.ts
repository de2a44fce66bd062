import { binaryBuffer, runNode } from './harness/engine';
import { gatewayRun, itemWithImages, photo } from './harness/fixtures';
import { startGateway, type Gateway } from './gateway/server';

let gateway: Gateway;
beforeAll(async () => {
	gateway = await startGateway();
});
afterAll(async () => await gateway.close());

describe('one reference image', () => {
	it.each(['filesystem', 'inline'] as const)('sends it and returns the edited image (%s binaries)', async (binaryMode) => {
		const image = photo(1);
		const before = gateway.edits().length;
		const result = await runNode(
			gatewayRun(gateway, { prompt: 'Add a hat' }, { items: [itemWithImages({ data: image })], binaryMode }),
		);
		expect(result.error).toBeUndefined();
		const request = gateway.edits()[before];
		expect(request.headers.authorization).toBe(`Bearer ${gateway.apiKey}`);
		expect(request.fields).toEqual({ model: 'nano-banana', prompt: 'Add a hat', response_format: 'b64_json' });
		expect(request.files).toHaveLength(1);
		expect(request.files[0]).toMatchObject({ field: 'image', fileName: 'data.png', contentType: 'image/png' });
		expect(request.files[0].data.equals(image)).toBe(true);

		expect(result.items).toHaveLength(1);
		const [output] = result.items;
		expect(output.pairedItem).toEqual({ item: 0 });
		expect(output.json).toMatchObject({ model: 'nano-banana', index: 0 });
		const binary = output.binary?.data;
		expect(binary?.mimeType).toBe('image/png');
		expect(binary?.fileName).toBe('data-edited.png');
		expect((await binaryBuffer(binary!)).equals(request.returned[0])).toBe(true);
	});
});
