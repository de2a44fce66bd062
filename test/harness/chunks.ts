/** Splits `bytes` at the given cut points (any numbers, taken modulo the length + 1), as a network might. */
export function splitAt(bytes: Buffer, cuts: number[]): Buffer[] {
	const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
	return [0, ...points].map((start, index) => bytes.subarray(start, points[index] ?? bytes.length));
}
