import type { IDataObject, INode, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

type EditErrorKind = 'input' | 'api';

/**
 * A failure of one item that the node explains itself. `input` errors are the user's data or
 * parameters (NodeOperationError); `api` errors come from the gateway or a download (NodeApiError).
 */
export class EditError extends Error {
	constructor(
		message: string,
		readonly kind: EditErrorKind,
		readonly details: { description?: string; httpCode?: number } = {},
	) {
		super(message);
		this.name = 'EditError';
	}
}

export const inputError = (message: string, description?: string) =>
	new EditError(message, 'input', { description });

export const apiError = (message: string, httpCode?: number, description?: string) =>
	new EditError(message, 'api', { httpCode, description });

const REDACTED = '[redacted]';
const MIN_SECRET_LENGTH = 4;

/** Removes API keys and bearer/API-key headers a gateway may echo back in its error text. */
export function redactSecrets(text: string, secrets: string[]): string {
	let clean = text;
	for (const secret of secrets) {
		if (secret.length >= MIN_SECRET_LENGTH) clean = clean.split(secret).join(REDACTED);
	}
	return clean
		.replace(/(Bearer\s+)[^\s"',;}]+/gi, `$1${REDACTED}`)
		.replace(/((?:x-goog-api-key|x-api-key|api[_-]?key)["']?\s*[:=]\s*["']?)[^\s"',;}&]+/gi, `$1${REDACTED}`);
}

/**
 * The message of anything thrown. Errors raised inside Node's own modules (sockets, streams) can
 * come from another realm, where `instanceof Error` is false although they have a message.
 */
function messageOf(error: unknown): string {
	const message = (error as { message?: unknown } | null)?.message;
	return typeof message === 'string' ? message : String(error);
}

/** Output items with every literal secret replaced, e.g. a key a gateway put into an image URL. */
export function redactItems(items: INodeExecutionData[], secrets: string[]): INodeExecutionData[] {
	const present = secrets.filter((secret) => secret.length >= MIN_SECRET_LENGTH);
	if (!present.some((secret) => JSON.stringify(items.map((item) => item.json)).includes(secret))) return items;
	const scrub = (value: unknown): unknown => {
		if (typeof value === 'string') return present.reduce((text, secret) => text.split(secret).join(REDACTED), value);
		if (Array.isArray(value)) return value.map(scrub);
		if (value && typeof value === 'object') {
			return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, scrub(entry)]));
		}
		return value;
	};
	return items.map((item) => ({ ...item, json: scrub(item.json) as IDataObject }));
}

/** Turns any failure of item `itemIndex` into the n8n error shown to the user, naming the item. */
export function toNodeError(node: INode, error: unknown, itemIndex: number, secrets: string[]) {
	const clean = (text: string | undefined) => (text ? redactSecrets(text, secrets) : undefined);
	const raw = messageOf(error);
	const message = `Item ${itemIndex}: ${clean(raw)}`;
	if (error instanceof EditError && error.kind === 'api') {
		const httpCode = error.details.httpCode?.toString();
		const response: JsonObject = { message };
		if (httpCode) response.httpCode = httpCode;
		const apiError = new NodeApiError(node, response, {
			message,
			description: clean(error.details.description),
			httpCode,
			itemIndex,
		});
		// NodeApiError swaps messages mentioning network codes for generic text; ours say more.
		apiError.message = message;
		return apiError;
	}
	const description = error instanceof EditError ? clean(error.details.description) : undefined;
	return new NodeOperationError(node, message, { description, itemIndex });
}
