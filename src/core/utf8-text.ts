import { readFileSync } from 'node:fs';
import { NovaError, type ErrorCode } from './errors.ts';

/**
 * Strict UTF-8 for every file Nova reads from its user: agent files, pipelines, config, rules, schemas,
 * ERP exports, data files. A byte that is not UTF-8 is refused with where it is, never replaced by
 * U+FFFD: text that was silently altered would be imported, validated and summed wrongly, and the
 * original byte would be lost.
 */

/** Where bytes stop being UTF-8, and why. */
export interface Utf8Problem {
  /** 0-based offset of the first byte that is not UTF-8. */
  byteOffset: number;
  /** 1-based line of that byte. */
  line: number;
  /** 1-based column of that byte, in characters (a leading byte-order mark does not count). */
  column: number;
  reason: string;
}

export type Utf8DecodeResult = { ok: true; text: string } | { ok: false; problem: Utf8Problem };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Decodes bytes as strict UTF-8, dropping a leading byte-order mark; UTF-16 is recognised and refused. */
export function decodeUtf8Text(bytes: Uint8Array): Utf8DecodeResult {
  const start = utf16Problem(bytes);
  if (start !== null) return { ok: false, problem: { ...positionOfByte(bytes, start.index), reason: start.reason } };
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    const invalid = firstInvalidUtf8(bytes);
    return { ok: false, problem: { ...positionOfByte(bytes, invalid.index), reason: invalid.reason } };
  }
}

/**
 * The text of bytes read from `path`, or an error naming the file (as `label`, e.g. "agent file"), the
 * byte offset, line and column of the first byte that is not UTF-8, and how to convert it.
 */
export function requireUtf8Text(bytes: Uint8Array, path: string, options: { label?: string; code?: ErrorCode } = {}): string {
  const result = decodeUtf8Text(bytes);
  if (result.ok) return result.text;
  throw notUtf8Error(path, result.problem, options);
}

/** Reads a whole file as strict UTF-8; a read failure is thrown as it is (callers name the file their way). */
export function readUtf8TextFile(path: string, options: { label?: string; code?: ErrorCode } = {}): string {
  return requireUtf8Text(readFileSync(path), path, options);
}

/** The error for a file that is not UTF-8: `input_invalid` (or the code given), with the position in `details`. */
export function notUtf8Error(path: string, problem: Utf8Problem | { byteOffset: number; reason: string; line?: number; column?: number }, options: { label?: string; code?: ErrorCode } = {}): NovaError {
  const label = options.label ?? 'file';
  const where = problem.line === undefined ? `at byte ${problem.byteOffset}` : `at byte ${problem.byteOffset} (line ${problem.line}, column ${problem.column ?? 1})`;
  return new NovaError({
    code: options.code ?? 'input_invalid',
    fault: 'user',
    message: `The ${label} ${path} is not UTF-8 text ${where}: ${problem.reason}`,
    hint: `Convert it to UTF-8 first, e.g. \`iconv -f latin1 -t utf-8 ${quoteForShell(path)} > converted\` (or -f windows-1252, or -f utf-16 for UTF-16 files); nothing was read from it.`,
    details: { path, byteOffset: problem.byteOffset, ...(problem.line === undefined ? {} : { line: problem.line, column: problem.column ?? 1 }) },
  });
}

/** `file:line:column`-style message for loaders that report issues rather than throw. */
export function describeUtf8Problem(problem: Utf8Problem): string {
  return `not UTF-8 text at byte ${problem.byteOffset} (line ${problem.line}, column ${problem.column}): ${problem.reason}; convert the file to UTF-8 (e.g. iconv -f latin1 -t utf-8)`;
}

/**
 * The first byte that breaks UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF), and why; the length when every character is whole.
 */
export function firstInvalidUtf8(data: Uint8Array): { index: number; reason: string } {
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
      return { index, reason: `byte 0x${hex(byte)} cannot start a UTF-8 character` };
    }
    for (let follow = 1; follow <= needed; follow += 1) {
      const next = data[index + follow];
      if (next === undefined) return { index, reason: 'a multi-byte character is cut off' };
      const low = follow === 1 ? lowest : 0x80;
      const high = follow === 1 ? highest : 0xbf;
      if (next < low || next > high) return { index, reason: `byte 0x${hex(byte)} starts a character that byte 0x${hex(next)} does not continue` };
    }
    index += needed + 1;
  }
  return { index: data.length, reason: 'a multi-byte character is cut off' };
}

/**
 * Whether the first bytes say UTF-16 (a UTF-16 byte-order mark, or NUL in every other byte of the first
 * kilobyte, the mark of ASCII text in UTF-16), and where.
 */
export function utf16Problem(data: Uint8Array): { index: number; reason: string } | null {
  if ((data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff)) {
    return { index: 0, reason: 'the file starts with a UTF-16 byte-order mark: it is UTF-16, not UTF-8' };
  }
  const length = Math.min(data.length, 1024) & ~1;
  if (length < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let index = 0; index < length; index += 2) {
    if (data[index] === 0) evenZeros += 1;
    if (data[index + 1] === 0) oddZeros += 1;
  }
  const pairs = length / 2;
  if (evenZeros > pairs * 0.4 || oddZeros > pairs * 0.4) {
    return { index: data.indexOf(0), reason: 'every other byte is NUL: the file looks like UTF-16 (or binary), not UTF-8 text' };
  }
  return null;
}

/** Line and column (1-based; the column in characters, a leading byte-order mark aside) of a byte offset. */
export function positionOfByte(bytes: Uint8Array, byteOffset: number): { byteOffset: number; line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < byteOffset && index < bytes.length; index += 1) {
    if (bytes[index] === 0x0a) {
      line += 1;
      lineStart = index + 1;
    }
  }
  let start = lineStart;
  if (line === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = Math.min(3, byteOffset);
  // Characters before the byte: count the bytes that start one (the prefix is valid UTF-8).
  let column = 1;
  for (let index = start; index < byteOffset; index += 1) if ((bytes[index]! & 0xc0) !== 0x80) column += 1;
  return { byteOffset, line, column };
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}

function quoteForShell(path: string): string {
  return /^[\w./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}
