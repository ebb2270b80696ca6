import { isUtf8 } from 'node:buffer';

/** Where a byte stream stops being UTF-8, and why. */
export interface EncodingProblem {
  /** 0-based offset of the first byte that is not UTF-8, counted from the start of the stream. */
  byteOffset: number;
  reason: string;
}

/**
 * Decodes a stream of byte chunks as strict UTF-8. Characters split across chunks are carried over;
 * a leading byte-order mark is dropped. The first invalid byte stops decoding with its exact offset,
 * rather than being replaced by U+FFFD: data that was silently altered would validate and sum wrongly.
 */
export class Utf8StreamDecoder {
  private carry: Buffer | null = null;
  /** Bytes of the stream before `carry` (or before the next chunk when nothing is carried). */
  private consumed = 0;
  private started = false;
  problem: EncodingProblem | null = null;

  /** The text of this chunk, or null once the stream has proved not to be UTF-8 (see `problem`). */
  decode(chunk: Buffer): string | null {
    return this.validate(chunk)?.toString('utf8') ?? null;
  }

  /** Call at the end of the stream: the last text, or null when a character is cut off by the end. */
  end(): string | null {
    return this.validateEnd()?.toString('utf8') ?? null;
  }

  /**
   * The bytes of this chunk that form complete, valid UTF-8 characters (a character cut by the chunk's
   * end waits for the next chunk), or null once the stream has proved not to be UTF-8 (see `problem`).
   */
  validate(chunk: Buffer): Buffer | null {
    if (this.problem !== null) return null;
    let data = this.carry === null ? chunk : Buffer.concat([this.carry, chunk]);
    this.carry = null;
    if (!this.started) {
      // The first bytes say whether this is UTF-8 with a byte-order mark, or UTF-16.
      if (data.length < 4) {
        this.carry = Buffer.from(data);
        return Buffer.alloc(0);
      }
      data = this.start(data);
      if (this.problem !== null) return null;
    }
    return this.decodeComplete(data);
  }

  /** Call at the end of the stream: the last bytes, or null when a character is cut off by the end. */
  validateEnd(): Buffer | null {
    if (this.problem !== null) return null;
    let data = this.carry ?? Buffer.alloc(0);
    this.carry = null;
    if (!this.started) {
      data = this.start(data);
      if (this.problem !== null) return null;
    }
    const text = this.decodeComplete(data);
    if (text === null) return null;
    if (this.carry !== null) {
      this.problem = { byteOffset: this.consumed, reason: 'the file ends in the middle of a multi-byte character' };
      return null;
    }
    return text;
  }

  private start(data: Buffer): Buffer {
    this.started = true;
    if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) {
      this.consumed = 3;
      return data.subarray(3);
    }
    if ((data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff)) {
      this.problem = { byteOffset: 0, reason: 'the file starts with a UTF-16 byte-order mark: it is UTF-16, not UTF-8' };
    } else if (looksLikeUtf16(data)) {
      this.problem = { byteOffset: data.indexOf(0), reason: 'every other byte is NUL: the file looks like UTF-16 (or binary), not UTF-8 text' };
    }
    return data;
  }

  private decodeComplete(data: Buffer): Buffer | null {
    const boundary = completeCharactersEnd(data);
    const complete = data.subarray(0, boundary);
    if (!isUtf8(complete)) {
      const invalid = firstInvalidOffset(complete);
      this.problem = { byteOffset: this.consumed + invalid.index, reason: invalid.reason };
      return null;
    }
    this.consumed += boundary;
    if (boundary < data.length) this.carry = Buffer.from(data.subarray(boundary));
    return complete;
  }
}

/** True when every other byte of the first kilobyte is NUL, the mark of ASCII text in UTF-16. */
function looksLikeUtf16(data: Buffer): boolean {
  const length = Math.min(data.length, 1024) & ~1;
  if (length < 4) return false;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let index = 0; index < length; index += 2) {
    if (data[index] === 0) evenZeros += 1;
    if (data[index + 1] === 0) oddZeros += 1;
  }
  const pairs = length / 2;
  return evenZeros > pairs * 0.4 || oddZeros > pairs * 0.4;
}

/** The end of the last complete character: a multi-byte sequence cut off by the chunk end is left for the next chunk. */
function completeCharactersEnd(data: Buffer): number {
  const length = data.length;
  for (let back = 1; back <= 4 && back <= length; back += 1) {
    const byte = data[length - back]!;
    if ((byte & 0xc0) === 0x80) continue;
    const needed = byte < 0x80 ? 1 : byte >= 0xf0 && byte <= 0xf4 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc2 ? 2 : 1;
    return back < needed ? length - back : length;
  }
  return length;
}

/** The first byte that breaks UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF). */
export function firstInvalidOffset(data: Uint8Array): { index: number; reason: string } {
  let index = 0;
  while (index < data.length) {
    const byte = data[index]!;
    if (byte < 0x80) {
      index += 1;
      continue;
    }
    let needed: number;
    let lowest = 0x80;
    let highest = 0xbf;
    if (byte >= 0xc2 && byte <= 0xdf) needed = 1;
    else if (byte >= 0xe0 && byte <= 0xef) {
      needed = 2;
      if (byte === 0xe0) lowest = 0xa0;
      if (byte === 0xed) highest = 0x9f;
    } else if (byte >= 0xf0 && byte <= 0xf4) {
      needed = 3;
      if (byte === 0xf0) lowest = 0x90;
      if (byte === 0xf4) highest = 0x8f;
    } else {
      return { index, reason: `byte 0x${byte.toString(16).padStart(2, '0')} cannot start a UTF-8 character` };
    }
    for (let follow = 1; follow <= needed; follow += 1) {
      const next = data[index + follow];
      if (next === undefined) return { index, reason: 'a multi-byte character is cut off' };
      const low = follow === 1 ? lowest : 0x80;
      const high = follow === 1 ? highest : 0xbf;
      if (next < low || next > high) return { index, reason: `byte 0x${byte.toString(16)} starts a character that byte 0x${next.toString(16)} does not continue` };
    }
    index += needed + 1;
  }
  return { index: data.length, reason: 'a multi-byte character is cut off' };
}
