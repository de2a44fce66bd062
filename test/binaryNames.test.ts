import fc from 'fast-check';

import { closestBinaryName, parseBinaryPropertyNames } from '../nodes/NanoBananaEdit/binaryNames';

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

describe('closestBinaryName', () => {
	it.each([
		['dta', ['data', 'photo'], 'data'],
		['DATA', ['photo', 'data'], 'data'],
		['image_1', ['image1', 'image2'], 'image1'],
		['photo', ['data'], undefined],
		['a', ['b', 'A'], 'A'],
		['ab', ['ac'], undefined],
	])('suggests for %j among %j: %j', (name, available, expected) => {
		expect(closestBinaryName(name, available)).toBe(expected);
	});

	const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,11}$/);

	it('finds a name that differs only in case', () => {
		fc.assert(
			fc.property(name, fc.array(name, { maxLength: 5 }), (wanted, others) => {
				const shouted = wanted.toUpperCase();
				const suggestion = closestBinaryName(wanted, [...others.filter((other) => other.toLowerCase() !== wanted.toLowerCase()), shouted]);
				expect(suggestion?.toLowerCase()).toBe(wanted.toLowerCase());
			}),
		);
	});

	it('only ever suggests one of the available names', () => {
		fc.assert(
			fc.property(fc.string(), fc.array(fc.string(), { maxLength: 5 }), (wanted, available) => {
				const suggestion = closestBinaryName(wanted, available);
				if (suggestion !== undefined) expect(available).toContain(suggestion);
			}),
		);
	});
});
