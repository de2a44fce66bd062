import type { IHttpRequestOptions } from 'n8n-workflow';

import type { EditParameters } from '../../parameters';
import type { OutgoingImage } from '../types';
import { toFormFile } from './formFile';

export const EDITS_PATH = '/v1/images/edits';

/** The multipart POST of the OpenAI images/edits contract; every field is sent once. */
export function buildEditRequest(
	baseUrl: string,
	edit: EditParameters,
	images: OutgoingImage[],
): IHttpRequestOptions {
	const form = new FormData();
	form.append('model', edit.model);
	form.append('prompt', edit.prompt);
	for (const image of images) form.append(edit.imageFieldName, toFormFile(image));
	form.append('response_format', edit.responseFormat);
	if (edit.size) form.append('size', edit.size);
	for (const field of edit.extraFields) form.append(field.name, field.value);
	return {
		method: 'POST',
		url: `${baseUrl}${EDITS_PATH}`,
		headers: { Accept: 'application/json' },
		body: form as unknown as IHttpRequestOptions['body'],
	};
}
