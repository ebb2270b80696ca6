import { readFile } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { NovaError } from '../../core/errors.ts';

/** An agent input that carries its text inline or names a file holding it. */
export interface TextOrFileInput {
  text?: unknown;
  file?: unknown;
}

/**
 * The text an agent works on: `text` as given, or the content of `file` (an absolute path) decoded as
 * strict UTF-8. Exactly one of the two must be given.
 */
export async function readAgentText(input: TextOrFileInput, agentId: string): Promise<{ text: string; file: string | null }> {
  const hasText = input.text !== undefined;
  const hasFile = input.file !== undefined;
  if (hasText === hasFile) {
    throw new NovaError({
      code: 'input_invalid',
      fault: 'user',
      message: hasText ? `${agentId} takes "text" or "file", not both` : `${agentId} needs "text" (the content) or "file" (an absolute path)`,
      hint: `e.g. nova run ${agentId} --file PATH, or --input '{"text": "..."}'.`,
    });
  }
  if (hasText) {
    if (typeof input.text !== 'string') throw fieldNotString('text', input.text);
    return { text: input.text, file: null };
  }
  if (typeof input.file !== 'string') throw fieldNotString('file', input.file);
  return { text: await readUtf8File(input.file), file: input.file };
}

/** Reads a file as strict UTF-8 (a byte-order mark is dropped); every failure is a precise `input_invalid`. */
export async function readUtf8File(path: string): Promise<string> {
  if (!isAbsolute(path)) {
    throw new NovaError({
      code: 'input_invalid',
      fault: 'user',
      message: `"file" must be an absolute path, got ${path}`,
      hint: 'Give the full path, or use `nova run <agent> --file PATH`, which resolves a relative path for you.',
    });
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw unreadable(path, error);
  }
  return decodeUtf8(bytes, path);
}

const reasons: Record<string, string> = {
  ENOENT: 'does not exist',
  EISDIR: 'is a directory, not a file',
  EACCES: 'cannot be read: permission denied',
  EPERM: 'cannot be read: operation not permitted',
};

function unreadable(path: string, error: unknown): NovaError {
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
  return new NovaError({
    code: 'input_invalid',
    fault: 'user',
    message: `File ${path} ${reasons[code] ?? `cannot be read (${code})`}`,
    hint: 'Check the path and that the file is readable.',
    cause: error,
    details: { file: path, errno: code },
  });
}

function fieldNotString(field: string, value: unknown): NovaError {
  return new NovaError({
    code: 'input_invalid',
    fault: 'user',
    message: `"${field}" must be a string, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`,
    hint: field === 'file' ? 'Give the absolute path of the file as a string.' : 'Give the text as a string.',
  });
}

/**
 * Decodes bytes as UTF-8 with a fatal decoder, so damaged text is refused rather than silently changed
 * to U+FFFD. The error names the byte offset (and line) of the first byte that is not UTF-8.
 */
export function decodeUtf8(bytes: Uint8Array, source: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw notUtf8(source, bytes, 0, 'it starts with a UTF-16 byte-order mark: the file is UTF-16');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (error) {
    const offset = firstNonUtf8Byte(bytes);
    throw notUtf8(source, bytes, offset, `byte 0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')} does not belong to a UTF-8 character`, error);
  }
}

function notUtf8(source: string, bytes: Uint8Array, offset: number, reason: string, cause?: unknown): NovaError {
  let line = 1;
  for (let index = 0; index < offset; index += 1) if (bytes[index] === 0x0a) line += 1;
  return new NovaError({
    code: 'input_invalid',
    fault: 'user',
    message: `${source} is not valid UTF-8 at byte offset ${offset} (line ${line}): ${reason}`,
    hint: `Convert it to UTF-8 first, e.g. iconv -f latin1 -t utf-8 ${source.includes(' ') ? `"${source}"` : source} > converted.txt`,
    cause,
    details: { byteOffset: offset, line },
  });
}

/**
 * The offset of the first byte that is not part of a well-formed UTF-8 character (RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF); the length when the text ends mid-character
 * is reported as the offset of that last character.
 */
export function firstNonUtf8Byte(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index]!;
    if (lead < 0x80) {
      index += 1;
      continue;
    }
    const [length, secondLow, secondHigh] =
      lead >= 0xc2 && lead <= 0xdf ? [2, 0x80, 0xbf]
      : lead === 0xe0 ? [3, 0xa0, 0xbf]
      : lead === 0xed ? [3, 0x80, 0x9f]
      : lead >= 0xe1 && lead <= 0xef ? [3, 0x80, 0xbf]
      : lead === 0xf0 ? [4, 0x90, 0xbf]
      : lead === 0xf4 ? [4, 0x80, 0x8f]
      : lead >= 0xf1 && lead <= 0xf3 ? [4, 0x80, 0xbf]
      : [0, 0, 0];
    if (length === 0) return index;
    for (let follow = 1; follow < length; follow += 1) {
      const byte = bytes[index + follow];
      const low = follow === 1 ? secondLow : 0x80;
      const high = follow === 1 ? secondHigh : 0xbf;
      if (byte === undefined || byte < low || byte > high) return index;
    }
    index += length;
  }
  return bytes.length;
}
