import type { StringSink } from './streamingJson';

/** A base64 text decoded by Base64Decoder. */
export class DecodedBase64 {
	constructor(
		/** The bytes, or undefined when the text was not valid base64. */
		readonly bytes: Buffer | undefined,
		/** The first characters of the payload, to show when it was not valid. */
		readonly start: string,
		/** Characters received, counting a data: URL prefix and whitespace. */
		readonly textLength: number,
	) {}
}

const START_CHARS = 24;
/** Longest text kept while waiting to see whether it opens with a data: URL prefix. */
const MAX_PREFIX = 256;
const DATA_URL_PREFIX = /^data:[^,]*;base64,/i;
const MAYBE_DATA_URL_PREFIX = /^(?:|d|da|dat|data|data:[^,]*)$/i;
/** Anything but the standard alphabet: the rare pieces that need a closer look. */
const UNUSUAL = /[^A-Za-z0-9+/]/;
const NOT_BASE64 = /[^A-Za-z0-9+/=_-]/;
const PADDING = /^=+$/;
const FIRST_CAPACITY = 64 * 1024;

/** Bytes written one after the other into one Buffer, which grows when it must. */
class ByteBuffer {
	private bytes: Buffer;
	length = 0;

	constructor(capacity: number) {
		this.bytes = Buffer.allocUnsafe(capacity);
	}

	writeBase64(text: string): void {
		const most = Math.ceil(text.length / 4) * 3;
		if (this.length + most > this.bytes.length) {
			const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + most));
			this.bytes.copy(grown, 0, 0, this.length);
			this.bytes = grown;
		}
		this.length += this.bytes.write(text, this.length, 'base64');
	}

	/** The bytes written, copied out when most of the room went unused. */
	contents(): Buffer {
		const used = this.bytes.subarray(0, this.length);
		return this.length < this.bytes.length / 2 ? Buffer.from(used) : used;
	}
}

/**
 * Decodes base64 as it arrives, 4 characters at a time, into one Buffer sized from
 * `expectedChars` (an upper bound of the text's length, when known). As strict as the whole-text
 * check it replaces (Buffer.from() would silently skip bad characters): one alphabet (standard or
 * URL-safe), at most two "=" and only at the end, whitespace ignored, and an optional data: URL
 * prefix.
 */
export class Base64Decoder implements StringSink {
	/** The text seen so far while it could still be a data: URL prefix; undefined once decided. */
	private opening: string | undefined = '';
	private carry = '';
	private decoded: ByteBuffer | undefined;
	private textLength = 0;
	private payloadLength = 0;
	private start = '';
	private padding = 0;
	private standard = false;
	private urlSafe = false;
	private invalid = false;

	constructor(private readonly expectedChars?: number) {}

	/** Bytes decoded so far, before the text has ended. */
	get decodedBytes(): number {
		return this.decoded?.length ?? 0;
	}

	write(piece: Buffer): void {
		this.textLength += piece.length;
		const text = piece.toString('latin1');
		if (this.opening === undefined) return this.take(text);
		this.opening += text;
		this.decideOpening(false);
	}

	end(): DecodedBase64 {
		this.decideOpening(true);
		const valid = !this.invalid && this.payloadLength > 0 && this.payloadLength % 4 !== 1;
		if (valid && this.carry) this.decode(this.carry);
		const bytes = valid ? this.decoded?.contents() : undefined;
		this.decoded = undefined;
		return new DecodedBase64(bytes, this.start, this.textLength);
	}

	private decideOpening(final: boolean): void {
		const opening = this.opening;
		if (opening === undefined) return;
		if (!final && opening.length < MAX_PREFIX && MAYBE_DATA_URL_PREFIX.test(opening)) return;
		this.opening = undefined;
		this.take(opening.replace(DATA_URL_PREFIX, ''));
	}

	private take(piece: string): void {
		// Most pieces are plain standard base64: one scan tells, and they skip the closer look.
		const unusual = UNUSUAL.test(piece);
		const text = unusual ? piece.replace(/\s+/g, '') : piece;
		if (!text) return;
		if (this.start.length < START_CHARS) this.start += text.slice(0, START_CHARS - this.start.length);
		this.payloadLength += text.length;
		if (this.invalid) return;
		this.standard ||= text.includes('+') || text.includes('/');
		const valid = (unusual ? this.isStillValid(text) : this.padding === 0) && !(this.standard && this.urlSafe);
		if (!valid) {
			this.invalid = true;
			this.decoded = undefined;
			return;
		}
		this.decodeWhole(text);
	}

	/** Decodes the complete 4-character groups, keeping the rest for the next piece. */
	private decodeWhole(text: string): void {
		let rest = text;
		if (this.carry) {
			const missing = 4 - this.carry.length;
			if (rest.length < missing) {
				this.carry += rest;
				return;
			}
			this.decode(this.carry + rest.slice(0, missing));
			rest = rest.slice(missing);
		}
		const whole = rest.length - (rest.length % 4);
		if (whole > 0) this.decode(whole === rest.length ? rest : rest.slice(0, whole));
		this.carry = rest.slice(whole);
	}

	private decode(text: string): void {
		this.decoded ??= new ByteBuffer(Math.max(FIRST_CAPACITY, Math.ceil(((this.expectedChars ?? 0) * 3) / 4)));
		this.decoded.writeBase64(text);
	}

	/** The closer look: whitespace is gone; checks the characters, the padding and the alphabet. */
	private isStillValid(text: string): boolean {
		if (NOT_BASE64.test(text)) return false;
		if (this.padding > 0) {
			if (!PADDING.test(text)) return false;
			this.padding += text.length;
		} else {
			const equals = text.indexOf('=');
			if (equals !== -1) {
				if (!PADDING.test(text.slice(equals))) return false;
				this.padding = text.length - equals;
			}
		}
		this.urlSafe ||= /[-_]/.test(text);
		return this.padding <= 2;
	}
}
