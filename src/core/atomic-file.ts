import { chmodSync, closeSync, fsyncSync, linkSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { NovaError } from './errors.ts';

export interface WriteFileAtomicallyOptions {
  /** Replace a file already at the path; default false: an existing path is refused. */
  overwrite?: boolean;
  /** What is written, for the messages ("the report"); default "the file". */
  what?: string;
  /** The hint when the path already exists (and `overwrite` is not set). */
  existsHint?: string;
  /** Test hooks. */
  _internal?: { link?: (existing: string, target: string) => void };
}

/**
 * Writes `data` to `path` so that the path never holds half of it: the data goes to a temporary file
 * beside it (`.<name>.<random>.tmp`, flushed to disk), which then takes the path in one step. Without
 * `overwrite` that step is a hard link, which fails if anything appeared at the path meanwhile, so the
 * check for an existing file cannot race with another writer; with `overwrite` it is a rename, and the
 * replaced file's permissions are kept. The temporary file is removed on success and on any failure.
 *
 * Throws `input_invalid` (fault user) naming the path: it already exists, its folder does not exist,
 * permission denied, it is a directory.
 *
 * @example writeFileAtomically('/data/report.md', content, { what: 'the report' })
 */
export function writeFileAtomically(path: string, data: string | Uint8Array, options: WriteFileAtomicallyOptions = {}): void {
  const { overwrite = false, what = 'the file' } = options;
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  let temporaryExists = false;
  try {
    writeTemporary(temporary, data, () => (temporaryExists = true));
    if (overwrite) {
      keepMode(path, temporary);
      renameSync(temporary, path);
      temporaryExists = false;
    } else {
      temporaryExists = claimPath(temporary, path, options._internal?.link ?? linkSync);
    }
  } catch (error) {
    const left = temporaryExists ? removeTemporary(temporary) : undefined;
    throw writeError(path, what, error, options.existsHint, left);
  }
  // Linked: the path holds the data; the temporary name is only a second name for it.
  const left = temporaryExists ? removeTemporary(temporary) : undefined;
  if (left !== undefined) {
    throw new NovaError({
      code: 'internal_error',
      fault: 'system',
      message: `Wrote ${what} to ${path}, but could not remove the temporary file ${temporary}: ${left}`,
      hint: `${path} is complete; delete ${temporary} yourself.`,
      details: { path, temporaryFile: temporary },
    });
  }
}

function writeTemporary(temporary: string, data: string | Uint8Array, onCreated: () => void): void {
  // `wx`: never reuse a file of that name; the mode is the usual one for a new file (0666 minus the umask).
  const descriptor = openSync(temporary, 'wx');
  onCreated();
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let written = 0;
    while (written < bytes.length) written += writeSync(descriptor, bytes, written, bytes.length - written);
    // On disk before it takes the path: after a power cut the path holds the old state or all of the new one.
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}

/** A replaced file keeps its permissions (a private report stays private). */
function keepMode(path: string, temporary: string): void {
  let mode: number;
  try {
    const stats = statSync(path);
    if (!stats.isFile()) return;
    mode = stats.mode & 0o7777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  chmodSync(temporary, mode);
}

/**
 * Gives the temporary file's content the path only if nothing is there. Returns whether the temporary
 * name still exists (a hard link leaves it, to be removed; the fallback renames it away).
 */
function claimPath(temporary: string, path: string, link: (existing: string, target: string) => void): boolean {
  try {
    link(temporary, path);
    return true;
  } catch (error) {
    if (!hardLinksUnsupported(error)) throw error;
  }
  // A filesystem without hard links (FAT, exFAT, some network shares): claim the name with an exclusive
  // create, then rename over the empty placeholder. Still race-free; a crash between the two steps
  // leaves an empty file, never a partial one.
  closeSync(openSync(path, 'wx'));
  try {
    renameSync(temporary, path);
  } catch (error) {
    unlinkSync(path);
    throw error;
  }
  return false;
}

function hardLinksUnsupported(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS';
}

/** Removes the temporary file; returns why it could not, or undefined. */
function removeTemporary(temporary: string): string | undefined {
  try {
    unlinkSync(temporary);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? undefined : (code ?? String(error));
  }
}

function writeError(path: string, what: string, error: unknown, existsHint: string | undefined, temporaryLeft: string | undefined): NovaError {
  const errno = (error as NodeJS.ErrnoException).code ?? 'unknown error';
  const reason =
    errno === 'EEXIST' ? (isDirectory(path) ? 'it already exists, as a directory' : 'it already exists')
    : errno === 'ENOENT' || errno === 'ENOTDIR' ? 'its folder does not exist'
    : errno === 'EACCES' || errno === 'EPERM' || errno === 'EROFS' ? 'permission denied'
    : errno === 'EISDIR' ? 'it is a directory'
    : errno === 'ENOSPC' || errno === 'EDQUOT' ? 'the disk is full'
    : errno;
  const left = temporaryLeft === undefined ? '' : ` (the temporary file beside it could not be removed: ${temporaryLeft})`;
  return new NovaError({
    code: 'input_invalid',
    fault: 'user',
    message: `Cannot write ${what} to ${path}: ${reason}${left}`,
    hint: errno === 'EEXIST' ? (existsHint ?? 'Choose another path, or remove the file first.') : 'Choose a writable path in an existing folder.',
    cause: error,
    details: { path, errno },
  });
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
