import fc from 'fast-check';

import { StreamingJsonParser, type JsonPath, type StringSink } from '../nodes/NanoBananaEdit/streamingJson';
import { splitAt } from './harness/chunks';

type Outcome = { value: unknown } | { error: true };

function parseInChunks(text: string, cuts: number[], sinkFor: (path: JsonPath) => StringSink | undefined = () => undefined): Outcome {
	const parser = new StreamingJsonParser(sinkFor);
	for (const chunk of splitAt(Buffer.from(text, 'utf8'), cuts)) parser.write(chunk);
	const value = parser.end();
	return parser.failure === undefined ? { value } : { error: true };
}

function jsonParse(text: string): Outcome {
	try {
		return { value: JSON.parse(text) as unknown };
	} catch {
		return { error: true };
	}
}

/** Collects what a sink receives. */
class TextSink implements StringSink {
	pieces: string[] = [];
	write(piece: Buffer) {
		this.pieces.push(piece.toString('utf8'));
	}
	end() {
		return { sunk: this.pieces.join('') };
	}
}

const cuts = fc.array(fc.nat(), { maxLength: 12 });
const EDGE_CASES = ['01', '1.', '-', '1e', '.5', '+1', '-0', '1E+2', 'tru', 'nul', 'truex', '"\\x"', '"\\u12"', '"\t"', '[1,]', '{"a":1,}', '{,}', '[,1]', ' ', '', '{"a" 1}', '1 2', '"a" "b"', '\ufeff{}'];

describe('StreamingJsonParser', () => {
	it('gives what JSON.parse gives, however the text is split', () => {
		fc.assert(
			fc.property(fc.jsonValue(), fc.boolean(), cuts, (value, pretty, at) => {
				const text = JSON.stringify(value, null, pretty ? 2 : undefined);
				expect(parseInChunks(text, at)).toEqual({ value: JSON.parse(text) as unknown });
			}),
		);
	});

	it('rejects exactly the texts JSON.parse rejects', () => {
		const damaged = fc
			.tuple(fc.jsonValue(), fc.nat(), fc.constantFrom('', '"', '{', '}', ']', ',', ':', '\\', 'x', '\n', '1'))
			.map(([value, at, insert]) => {
				const text = JSON.stringify(value);
				const position = at % (text.length + 1);
				return text.slice(0, position) + insert + text.slice(position + (insert ? 0 : 1));
			});
		fc.assert(
			fc.property(fc.oneof(damaged, fc.string({ unit: 'grapheme' }), fc.constantFrom(...EDGE_CASES)), cuts, (text, at) => {
				expect(parseInChunks(text, at)).toEqual(jsonParse(text));
			}),
		);
	});

	it('hands the strings a sink claims to it, escapes resolved, even when a chunk splits an escape', () => {
		const text = '{"a":[{"s":"ab\\/c\\u0041\\n"},{"s":1},{"s":"x"}],"s":"kept"}';
		const sinks: TextSink[] = [];
		const claim = (path: JsonPath) => {
			if (path.length !== 3 || path[0] !== 'a' || path[2] !== 's') return undefined;
			sinks.push(new TextSink());
			return sinks[sinks.length - 1];
		};
		for (let cut = 0; cut <= text.length; cut++) {
			sinks.length = 0;
			expect(parseInChunks(text, [cut, cut + 1], claim)).toEqual({
				value: { a: [{ s: { sunk: 'ab/cA\n' } }, { s: 1 }, { s: { sunk: 'x' } }], s: 'kept' },
			});
		}
	});

	it('keeps a "__proto__" key as data', () => {
		const { value } = parseInChunks('{"__proto__":{"polluted":true}}', []) as { value: Record<string, unknown> };
		expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
		expect(Object.keys(value)).toEqual(['__proto__']);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});
});
