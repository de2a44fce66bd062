/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
import { readFileSync, writeFileSync } from 'node:fs';

const SAMPLE_EVERY_MS = 2;

function collectGarbage(): void {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (!gc) throw new Error('Run benchmark cases with node --expose-gc');
	gc();
	gc();
}

/** The kernel's record of a process's peak RSS (VmHWM), or undefined where /proc has none. */
export function kernelPeakRss(pid: number | 'self' = 'self'): number | undefined {
	try {
		const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
		return kb ? Number(kb) * 1024 : undefined;
	} catch {
		return undefined;
	}
}

/** Lets VmHWM start again from the current RSS (Linux >= 4.0); false where that is not possible. */
function resetKernelPeak(): boolean {
	try {
		writeFileSync('/proc/self/clear_refs', '5');
		return true;
	} catch {
		return false;
	}
}

/**
 * Peak RSS growth of this process while `run` runs, over the RSS after a full garbage collection
 * just before. Uses the kernel's exact high-water mark where it can, and sampling besides.
 */
export async function peakRssGrowth(run: () => Promise<void>): Promise<number> {
	collectGarbage();
	const baseline = process.memoryUsage.rss();
	const exact = resetKernelPeak();
	let sampled = baseline;
	const sampler = setInterval(() => (sampled = Math.max(sampled, process.memoryUsage.rss())), SAMPLE_EVERY_MS);
	try {
		await run();
	} finally {
		clearInterval(sampler);
	}
	const peak = Math.max(sampled, (exact && kernelPeakRss()) || 0);
	return peak - baseline;
}
