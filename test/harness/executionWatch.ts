import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { NanoBananaEdit } from '../../nodes/NanoBananaEdit/NanoBananaEdit.node';

type Helpers = IExecuteFunctions['helpers'];
type HelperName = keyof Helpers & string;

export interface HelperCall {
	name: HelperName;
	args: unknown[];
	/** Date.now() of the call. */
	at: number;
}

export interface ExecutionWatch {
	/** Calls of the watched helpers made by the node, in order. */
	calls: HelperCall[];
	/** Resolves with Date.now() once the node's execute() has returned or thrown. */
	settled: Promise<number>;
	restore(): void;
}

/**
 * Watches the node from inside its next executions: which of n8n's helpers it calls with what,
 * and when execute() itself settles (the engine reports a cancelled run without waiting for it).
 */
export function watchExecution(helperNames: HelperName[] = []): ExecutionWatch {
	const execute = NanoBananaEdit.prototype.execute;
	const calls: HelperCall[] = [];
	let settle: (at: number) => void = () => undefined;
	const settled = new Promise<number>((resolve) => (settle = resolve));
	const spy = jest
		.spyOn(NanoBananaEdit.prototype, 'execute')
		.mockImplementation(async function (this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const helpers = this.helpers as unknown as Record<string, (...args: unknown[]) => unknown>;
			for (const name of helperNames) {
				const helper = helpers[name];
				helpers[name] = function (this: unknown, ...args: unknown[]) {
					calls.push({ name, args, at: Date.now() });
					return helper.apply(this, args);
				};
			}
			try {
				return await execute.call(this);
			} finally {
				settle(Date.now());
			}
		});
	return { calls, settled, restore: () => spy.mockRestore() };
}
