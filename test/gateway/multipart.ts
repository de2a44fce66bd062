/**
 * A deliberately strict multipart/form-data parser, as strict as the Go relays (new-api, one-api)
 * that serve Nano Banana: it rejects what Go's mime/multipart rejects (missing or malformed
 * boundaries, a raw quote inside a quoted file name, unquoted values with spaces, repeated
 * Content-Disposition parameters, missing closing delimiter).
 */
export interface FormPart {
	name: string;
	fileName?: string;
	contentType?: string;
	data: Buffer;
}

export class MultipartError extends Error {}

export function boundaryOf(contentType: string | undefined): string {
	const match = /^multipart\/form-data\s*(;.*)?$/i.exec(contentType ?? '');
	if (!match) throw new MultipartError(`Content-Type must be multipart/form-data, got "${contentType ?? ''}"`);
	const boundary = parseParameters(match[1] ?? '').boundary;
	if (!boundary || boundary.length > 70) throw new MultipartError('multipart boundary missing or too long');
	return boundary;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** RFC 2045 parameters: `; key=token` or `; key="quoted \" string"`; duplicates are an error. */
export function parseParameters(text: string): Record<string, string> {
	const parameters: Record<string, string> = {};
	let rest = text.trim();
	while (rest) {
		if (rest.startsWith(';')) rest = rest.slice(1).trimStart();
		if (!rest) break;
		const equals = rest.indexOf('=');
		if (equals <= 0) throw new MultipartError(`malformed parameter "${rest}"`);
		const key = rest.slice(0, equals).trim().toLowerCase();
		if (!TOKEN.test(key)) throw new MultipartError(`malformed parameter name "${key}"`);
		rest = rest.slice(equals + 1);
		let value = '';
		if (rest.startsWith('"')) {
			let index = 1;
			for (; index < rest.length && rest[index] !== '"'; index++) {
				if (rest[index] === '\\') index++;
				value += rest[index] ?? '';
			}
			if (index >= rest.length) throw new MultipartError('unterminated quoted parameter');
			rest = rest.slice(index + 1).trimStart();
		} else {
			const end = rest.indexOf(';');
			value = (end === -1 ? rest : rest.slice(0, end)).trim();
			rest = end === -1 ? '' : rest.slice(end);
			if (!TOKEN.test(value)) throw new MultipartError(`unquoted parameter value "${value}" is not a token`);
		}
		if (rest && !rest.startsWith(';')) throw new MultipartError(`junk after parameter ${key}: "${rest}"`);
		if (key in parameters) throw new MultipartError(`duplicate parameter "${key}"`);
		parameters[key] = value;
	}
	return parameters;
}

function parseHeaders(block: string): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const line of block.split('\r\n')) {
		const colon = line.indexOf(':');
		if (colon <= 0) throw new MultipartError(`malformed part header "${line}"`);
		headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
	}
	return headers;
}

function parsePart(raw: Buffer): FormPart {
	const split = raw.indexOf('\r\n\r\n');
	if (split === -1) throw new MultipartError('part without header/body separator');
	const headers = parseHeaders(raw.subarray(0, split).toString('utf8'));
	const disposition = headers['content-disposition'];
	if (!disposition) throw new MultipartError('part without Content-Disposition');
	const match = /^form-data\s*(;.*)?$/i.exec(disposition);
	if (!match) throw new MultipartError(`Content-Disposition must be form-data, got "${disposition}"`);
	const parameters = parseParameters(match[1] ?? '');
	if (!parameters.name) throw new MultipartError('part without a name');
	return {
		name: parameters.name,
		fileName: parameters.filename,
		contentType: headers['content-type'],
		data: raw.subarray(split + 4),
	};
}

export function parseMultipart(body: Buffer, contentType: string | undefined): FormPart[] {
	const boundary = boundaryOf(contentType);
	const delimiter = Buffer.from(`--${boundary}`);
	if (!body.subarray(0, delimiter.length).equals(delimiter)) {
		throw new MultipartError('body does not start with the boundary');
	}
	const parts: FormPart[] = [];
	let position = delimiter.length;
	for (;;) {
		const after = body.subarray(position, position + 2).toString('latin1');
		if (after === '--') return parts;
		if (after !== '\r\n') throw new MultipartError('boundary not followed by CRLF');
		const start = position + 2;
		const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), start);
		if (next === -1) throw new MultipartError('missing closing boundary (body truncated?)');
		parts.push(parsePart(body.subarray(start, next)));
		position = next + 2 + delimiter.length;
	}
}
