/** Where a value sits in the document: object keys and array indexes from the root. */
export type JsonPath = ReadonlyArray<string | number>;

/** Takes one string value's characters in pieces (escapes resolved), instead of them being collected. */
export interface StringSink {
	write(piece: Buffer): void;
	/** What stands for the string in the parsed result. */
	end(): unknown;
}

/**
 * Picks a sink for the string value at `path`, whose text starts `offset` bytes into the
 * document, or none to parse it as usual.
 */
export type SinkChooser = (path: JsonPath, offset: number) => StringSink | undefined;

type State = 'value' | 'objectStart' | 'key' | 'colon' | 'afterValue' | 'arrayStart' | 'string' | 'literal' | 'done';
type Container = Record<string, unknown> | unknown[];

interface Frame {
	container: Container;
	key?: string;
}

interface OpenString {
	isKey: boolean;
	sink?: StringSink;
	raw: Buffer[];
	/** The bytes of an escape sequence that a chunk boundary split. */
	escape?: number[];
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const isWhitespace = (byte: number) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
/** Characters of numbers, true, false and null. */
const isLiteralByte = (byte: number) =>
	(byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x41 && byte <= 0x5a) || byte === 0x2d || byte === 0x2b || byte === 0x2e;
const escapeComplete = (escape: number[]) => escape.length === (escape[1] === 0x75 ? 6 : 2);
const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * A JSON parser fed in chunks, for answers that carry images as huge base64 strings: strings
 * claimed by `sinkFor` flow into their sink as they arrive, so the answer's text is never held
 * whole. Everything else becomes the values JSON.parse would give, and it accepts exactly the
 * texts JSON.parse accepts.
 */
export class StreamingJsonParser {
	/** Why the text is not JSON, once that is known; nothing more is parsed after it. */
	failure: string | undefined;
	private state: State = 'value';
	private readonly frames: Frame[] = [];
	private root: unknown;
	private literal = '';
	private string: OpenString = { isKey: false, raw: [] };
	/** Bytes of the document before the chunk being parsed. */
	private consumed = 0;

	constructor(private readonly sinkFor: SinkChooser) {}

	/** Parses the next chunk of the text; false once the text has turned out not to be JSON. */
	write(chunk: Buffer): boolean {
		let index = 0;
		while (index < chunk.length && this.failure === undefined) {
			if (this.state === 'string') {
				index = this.scanString(chunk, index);
			} else if (this.state === 'literal' && isLiteralByte(chunk[index])) {
				this.literal += String.fromCharCode(chunk[index++]);
			} else if (this.state === 'literal') {
				this.complete(this.parseToken(this.literal, 'literal'));
			} else if (isWhitespace(chunk[index])) {
				index++;
			} else {
				const byte = chunk[index++];
				this.structural(byte, this.consumed + index);
			}
		}
		this.consumed += chunk.length;
		return this.failure === undefined;
	}

	/** The parsed document, or undefined (with `failure` set) when the text is not one. */
	end(): unknown {
		if (this.state === 'literal') this.complete(this.parseToken(this.literal, 'literal'));
		if (this.state !== 'done') this.fail('unexpected end of the document');
		return this.failure === undefined ? this.root : undefined;
	}

	private fail(reason: string): void {
		this.failure ??= reason;
	}

	private parseToken<T>(text: string, what: string): T | undefined {
		try {
			return JSON.parse(text) as T;
		} catch {
			this.fail(`invalid ${what}`);
			return undefined;
		}
	}

	/** `offset`: where the document continues after this byte. */
	private structural(byte: number, offset: number): void {
		const top = this.frames[this.frames.length - 1];
		const char = String.fromCharCode(byte);
		switch (this.state) {
			case 'value':
				return this.startValue(char, offset);
			case 'arrayStart':
				return char === ']' ? this.close() : this.startValue(char, offset);
			case 'objectStart':
				if (char === '}') return this.close();
				return this.startKey(char);
			case 'key':
				return this.startKey(char);
			case 'colon':
				if (char === ':') this.state = 'value';
				else this.fail(`expected ":" but found "${char}"`);
				return;
			case 'afterValue': {
				const isArray = Array.isArray(top.container);
				if (char === ',') this.state = isArray ? 'value' : 'key';
				else if (char === (isArray ? ']' : '}')) this.close();
				else this.fail(`unexpected "${char}" after a value`);
				return;
			}
			default:
				return this.fail(`unexpected "${char}" after the document`);
		}
	}

	private startValue(char: string, offset: number): void {
		if (char === '{' || char === '[') {
			this.frames.push({ container: char === '{' ? {} : [] });
			this.state = char === '{' ? 'objectStart' : 'arrayStart';
		} else if (char === '"') {
			this.string = { isKey: false, sink: this.sinkFor(this.path(), offset), raw: [] };
			this.state = 'string';
		} else if (/[-0-9tfn]/.test(char)) {
			this.literal = char;
			this.state = 'literal';
		} else {
			this.fail(`unexpected "${char}" where a value should start`);
		}
	}

	private startKey(char: string): void {
		if (char !== '"') return this.fail(`expected a key but found "${char}"`);
		this.string = { isKey: true, raw: [] };
		this.state = 'string';
	}

	private path(): JsonPath {
		return this.frames.map(({ container, key }) => (Array.isArray(container) ? container.length : (key as string)));
	}

	/** Consumes string characters from `index`; returns where the string (or the chunk) ends. */
	private scanString(chunk: Buffer, index: number): number {
		const open = this.string;
		let position = index;
		let quote = -2;
		let backslash = -2;
		while (position < chunk.length) {
			if (open.escape) {
				open.escape.push(chunk[position++]);
				if (escapeComplete(open.escape)) this.takeEscape(open);
				continue;
			}
			// Cached so a string with many escapes is not searched to the end again and again.
			if (quote !== -1 && quote < position) quote = chunk.indexOf(QUOTE, position);
			if (backslash !== -1 && backslash < position) backslash = chunk.indexOf(BACKSLASH, position);
			const stop = backslash === -1 || (quote !== -1 && quote < backslash) ? quote : backslash;
			if (stop === -1) {
				this.takePlain(open, chunk.subarray(position));
				return chunk.length;
			}
			if (stop > position) this.takePlain(open, chunk.subarray(position, stop));
			if (stop === quote) {
				this.finishString(open);
				return stop + 1;
			}
			open.escape = [BACKSLASH];
			position = stop + 1;
		}
		return position;
	}

	private takePlain(open: OpenString, piece: Buffer): void {
		if (open.sink) open.sink.write(piece);
		else open.raw.push(piece);
	}

	private takeEscape(open: OpenString): void {
		const escape = Buffer.from(open.escape as number[]);
		open.escape = undefined;
		if (!open.sink) return void open.raw.push(escape);
		const text = escape.toString('latin1');
		const char = SIMPLE_ESCAPES[text[1]] ?? this.parseToken<string>(`"${text}"`, 'escape in a string');
		if (char !== undefined) open.sink.write(Buffer.from(char, 'utf8'));
	}

	private finishString(open: OpenString): void {
		if (open.sink) return this.complete(open.sink.end());
		const text = this.parseToken<string>(`"${Buffer.concat(open.raw).toString('utf8')}"`, 'string');
		if (!open.isKey) return this.complete(text);
		this.frames[this.frames.length - 1].key = text as string;
		this.state = 'colon';
	}

	private close(): void {
		this.complete((this.frames.pop() as Frame).container);
	}

	private complete(value: unknown): void {
		const top = this.frames[this.frames.length - 1];
		if (!top) {
			this.root = value;
			this.state = 'done';
			return;
		}
		if (Array.isArray(top.container)) top.container.push(value);
		// defineProperty, because assigning a "__proto__" key would replace the prototype.
		else Object.defineProperty(top.container, top.key as string, { value, enumerable: true, writable: true, configurable: true });
		this.state = 'afterValue';
	}
}
