import { isUtf8 } from 'node:buffer';
import { firstInvalidUtf8, utf16Problem } from '../../core/utf8-text.ts';

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
    const utf16 = utf16Problem(data);
    if (utf16 !== null) this.problem = { byteOffset: utf16.index, reason: utf16.reason };
    return data;
  }

  private decodeComplete(data: Buffer): Buffer | null {
    const boundary = completeCharactersEnd(data);
    const complete = data.subarray(0, boundary);
    if (!isUtf8(complete)) {
      const invalid = firstInvalidUtf8(complete);
      this.problem = { byteOffset: this.consumed + invalid.index, reason: invalid.reason };
      return null;
    }
    this.consumed += boundary;
    if (boundary < data.length) this.carry = Buffer.from(data.subarray(boundary));
    return complete;
  }
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
