/**
 * The least any n8n node does per item to send case 5's request and keep its answer: read the
 * prompt parameter, stream the stored image into a multipart body, send it with n8n's
 * authenticated request helper, decode the answer and store the image, one item after another.
 * Case 5 runs it in the node's place to tell n8n's own per-item cost from the node's.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { toFormFile } from '../../nodes/NanoBananaEdit/providers/openAiCompatible/formFile';

const CREDENTIAL_TYPE = 'nanoBananaApi';

export async function n8nFloor(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const credentialsDecrypted = { id: '', name: CREDENTIAL_TYPE, type: CREDENTIAL_TYPE, data: credentials };
	const output: INodeExecutionData[] = [];
	for (const [itemIndex, item] of this.getInputData().entries()) {
		const stored = this.helpers.assertBinaryData(itemIndex, 'data');
		const content = await this.helpers.getBinaryStream(stored.id as string, 256 * 1024);
		const form = new FormData();
		form.append('model', 'nano-banana');
		form.append('prompt', this.getNodeParameter('prompt', itemIndex) as string);
		form.append('image', toFormFile({ fileName: 'data.png', mimeType: 'image/png', byteLength: Number(stored.bytes), content }));
		form.append('response_format', 'b64_json');
		const response = (await this.helpers.httpRequestWithAuthentication.call(
			this,
			CREDENTIAL_TYPE,
			{ method: 'POST', url: `${String(credentials.baseUrl)}/v1/images/edits`, body: form as unknown as IDataObject, json: true },
			{ credentialsDecrypted },
		)) as { data: Array<{ b64_json: string }> };
		const image = Buffer.from(response.data[0].b64_json, 'base64');
		const binary = await this.helpers.prepareBinaryData(image, 'edited.png', 'image/png');
		output.push({ json: item.json, binary: { data: binary }, pairedItem: { item: itemIndex } });
	}
	return [output];
}
