import { createReadStream, statSync, type Stats } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { NovaError } from '../../core/errors.ts';
import { notUtf8Error } from '../../core/utf8-text.ts';
import { Utf8StreamDecoder, type EncodingProblem } from './utf8-decoder.ts';
import { errorMessage } from '../../core/error-message.ts';

export interface TextFileOptions {
  /** How the file is named in errors, e.g. "file" or "schemaFile". */
  label?: string;
  signal?: AbortSignal;
  /** Bytes per read; default 1 MiB. */
  chunkBytes?: number;
}

/**
 * Checks that `path` names a readable regular file, with an error that says what is wrong (missing,
 * a folder, not readable) and how to fix it.
 */
export function checkReadableFile(path: string, label = 'file'): Stats {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    throw fileError(path, label, error);
  }
  if (stats.isDirectory()) {
    throw new NovaError({
      code: 'input_invalid',
      fault: 'user',
      message: `The ${label} ${path} is a folder, not a file`,
      hint: 'Give the path of a file inside it.',
      details: { path },
    });
  }
  return stats;
}

/** Whether the file is gzip-compressed by its name (`.gz`); such files are decompressed as they are read. */
export function isGzipPath(path: string): boolean {
  return path.toLowerCase().endsWith('.gz');
}

/**
 * Streams a UTF-8 text file as strings of about `chunkBytes`, in bounded memory; `.gz` files are
 * decompressed on the way. Invalid UTF-8 stops the read with an error that gives the byte offset,
 * line and column of the first bad byte. A leading byte-order mark is dropped.
 */
export async function* readTextChunks(path: string, options: TextFileOptions = {}): AsyncGenerator<string> {
  for await (const bytes of readUtf8Chunks(path, options)) yield bytes.toString('utf8');
}

/**
 * The same as `readTextChunks`, as bytes: each chunk holds whole, validated UTF-8 characters, for
 * parsers that take bytes (csv-parse) and would only encode strings back.
 */
export async function* readUtf8Chunks(path: string, options: TextFileOptions = {}): AsyncGenerator<Buffer> {
  const label = options.label ?? 'file';
  checkReadableFile(path, label);
  const raw = createReadStream(path, { highWaterMark: options.chunkBytes ?? 1024 * 1024 });
  const source: Readable = isGzipPath(path) ? raw.pipe(createGunzip()) : raw;
  if (source !== raw) raw.on('error', (error) => source.destroy(error));
  const decoder = new Utf8StreamDecoder();
  try {
    for await (const chunk of source) {
      options.signal?.throwIfAborted();
      const bytes = decoder.validate(chunk as Buffer);
      if (bytes === null) throw await encodingError(path, label, decoder.problem!);
      if (bytes.length > 0) yield bytes;
    }
  } catch (error) {
    if (error instanceof NovaError || options.signal?.aborted === true) throw error;
    throw fileError(path, label, error);
  } finally {
    source.destroy();
    raw.destroy();
  }
  const rest = decoder.validateEnd();
  if (rest === null) throw await encodingError(path, label, decoder.problem!);
  if (rest.length > 0) yield rest;
}

/** A read failure of a file as a NovaError that names the file and what to do. */
export function fileError(path: string, label: string, error: unknown): NovaError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') {
    return new NovaError({
      code: 'input_invalid',
      fault: 'user',
      message: `The ${label} ${path} does not exist`,
      hint: `Check the path; relative paths are resolved from ${process.cwd()}.`,
      details: { path },
      cause: error,
    });
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new NovaError({ code: 'input_invalid', fault: 'user', message: `The ${label} ${path} is not readable (${code})`, hint: 'Check its permissions.', details: { path }, cause: error });
  }
  if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') {
    return new NovaError({
      code: 'input_invalid',
      fault: 'user',
      message: `The ${label} ${path} is not a valid gzip file: ${errorMessage(error)}`,
      hint: 'Files named .gz are decompressed as they are read; rename the file if it is not compressed.',
      details: { path },
      cause: error,
    });
  }
  return new NovaError({
    code: 'input_invalid',
    fault: 'user',
    message: `Cannot read the ${label} ${path}: ${errorMessage(error)}`,
    hint: 'Check that the path names a readable file.',
    details: { path, ...(code === undefined ? {} : { errorCode: code }) },
    cause: error,
  });
}

async function encodingError(path: string, label: string, problem: EncodingProblem): Promise<NovaError> {
  const position = isGzipPath(path) ? {} : await lineAndColumnOfByte(path, problem.byteOffset);
  return notUtf8Error(path, { ...problem, ...position }, { label });
}

/** Line and column (1-based, in characters) of a byte offset, read again from the file: only ever done for an error. */
async function lineAndColumnOfByte(path: string, byteOffset: number): Promise<{ line: number; column: number }> {
  if (byteOffset === 0) return { line: 1, column: 1 };
  let line = 1;
  let lineStart = 0;
  let seen = 0;
  const tail: Buffer[] = [];
  for await (const chunk of createReadStream(path, { end: byteOffset - 1, highWaterMark: 1024 * 1024 })) {
    const bytes = chunk as Buffer;
    let index = bytes.indexOf(10);
    let lastNewline = -1;
    while (index !== -1) {
      line += 1;
      lastNewline = index;
      index = bytes.indexOf(10, index + 1);
    }
    if (lastNewline !== -1) {
      lineStart = seen + lastNewline + 1;
      tail.length = 0;
      tail.push(bytes.subarray(lastNewline + 1));
    } else {
      tail.push(bytes);
    }
    seen += bytes.length;
  }
  const prefix = Buffer.concat(tail).subarray(0, byteOffset - lineStart);
  const withoutBom = line === 1 && prefix[0] === 0xef && prefix[1] === 0xbb && prefix[2] === 0xbf ? prefix.subarray(3) : prefix;
  return { line, column: [...withoutBom.toString('utf8')].length + 1 };
}
