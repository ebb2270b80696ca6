import { readFile } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { NovaError } from '../../core/errors.ts';
import { requireUtf8Text } from '../../core/utf8-text.ts';

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

/** The text of a file's bytes as strict UTF-8, or the error naming where it stops being UTF-8 (line, column, byte). */
export function decodeUtf8(bytes: Uint8Array, source: string): string {
  return requireUtf8Text(bytes, source);
}
