/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * Faults about time that only some tests add to the gateway's FAULTS (the fault matrix runs
 * every entry there, and these would make it wait).
 */
import type { ServerResponse } from 'node:http';

type Fault = (context: { response: ServerResponse }) => void;

/** 429 with a Retry-After header of the given value (seconds or an HTTP date). */
export function rateLimited(retryAfter: () => string): Fault {
	return ({ response }) => {
		response.writeHead(429, { 'content-type': 'application/json', 'retry-after': retryAfter() });
		response.end(JSON.stringify({ error: { message: 'Rate limit reached for requests', type: 'rate_limit_error' } }));
	};
}

/** A 200 whose body starts and then never goes on; `onStarted` runs once the start is sent. */
export function stallingBody(onStarted: () => void = () => undefined): Fault {
	return ({ response }) => {
		response.writeHead(200, { 'content-type': 'application/json' });
		response.write('{"created":1,"data":[{"b64_json":"iVBORw0KGgo', onStarted);
	};
}
