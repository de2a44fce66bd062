import fc from 'fast-check';

import { parseBinaryPropertyNames } from '../nodes/NanoBananaEdit/binaryNames';

describe('parseBinaryPropertyNames', () => {
	it.each([
		['data', ['data']],
		['data, photo2', ['data', 'photo2']],
		[' data ,, photo2 , ,mask ', ['data', 'photo2', 'mask']],
		['data,data,  data', ['data']],
		['', []],
		[' , , ', []],
	])('parses %j', (raw, expected) => {
		expect(parseBinaryPropertyNames(raw)).toEqual(expected);
	});

	it('accepts a list from an expression', () => {
		expect(parseBinaryPropertyNames(['a', ' b ', ''])).toEqual(['a', 'b']);
	});

	it('treats non-text values as no names', () => {
		expect(parseBinaryPropertyNames(undefined)).toEqual([]);
		expect(parseBinaryPropertyNames(42)).toEqual([]);
	});

	const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,11}$/);
	const spaces = fc.stringMatching(/^ {0,3}$/);

	it('keeps the order of first appearance, whatever the spacing and empty entries', () => {
		fc.assert(
			fc.property(fc.array(fc.tuple(spaces, fc.option(name, { nil: '' }), spaces)), (parts) => {
				const raw = parts.map(([before, entry, after]) => `${before}${entry}${after}`).join(',');
				const expected = [...new Set(parts.map(([, entry]) => entry).filter(Boolean))];
				expect(parseBinaryPropertyNames(raw)).toEqual(expected);
			}),
		);
	});

	it('never returns blank or padded names', () => {
		fc.assert(
			fc.property(fc.string(), (raw) => {
				for (const parsed of parseBinaryPropertyNames(raw)) {
					expect(parsed).toBe(parsed.trim());
					expect(parsed).not.toBe('');
					expect(parsed).not.toContain(',');
				}
			}),
		);
	});
});
