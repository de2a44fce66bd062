/** n8n's own binary data service, as the engine harnesses use it: on disk or inline base64. */
import { Container } from '@n8n/di';
import { BinaryDataService, prepareBinaryData } from 'n8n-core';
import type { IBinaryData, IDataObject, INodeExecutionData } from 'n8n-workflow';

export type BinaryMode = 'filesystem' | 'inline';

export interface TestBinary {
	data: Buffer;
	fileName?: string;
	mimeType?: string;
}

export interface TestItem {
	json?: IDataObject;
	binary?: Record<string, TestBinary>;
}

let binaryServiceReady: Promise<void> | undefined;

/** Switches n8n's binary data service between its on-disk store and inline base64. */
export async function useBinaryMode(mode: BinaryMode): Promise<void> {
	const service = Container.get(BinaryDataService);
	binaryServiceReady ??= service.init();
	await binaryServiceReady;
	(service as unknown as { mode: string }).mode = mode === 'filesystem' ? 'filesystem-v2' : 'default';
}

export async function binaryBuffer(binary: IBinaryData): Promise<Buffer> {
	return await Container.get(BinaryDataService).getAsBuffer(binary);
}

/** Stores the items' files as an upstream node's `prepareBinaryData` would, for pinned data. */
export async function storeItems(
	items: TestItem[],
	location: { workflowId: string; executionId: string },
): Promise<INodeExecutionData[]> {
	const stored: INodeExecutionData[] = [];
	for (const item of items) {
		const binary: Record<string, IBinaryData> = {};
		for (const [name, file] of Object.entries(item.binary ?? {})) {
			binary[name] = await prepareBinaryData(
				file.data,
				location.executionId,
				location.workflowId,
				file.fileName,
				file.mimeType,
			);
		}
		stored.push({ json: item.json ?? {}, ...(item.binary ? { binary } : {}) });
	}
	return stored;
}
