import { isNovaError, NovaError } from '../core/errors.ts';
import { errorMessage } from '../core/error-message.ts';

/** Wraps a database failure as `store_error`, naming what Nova was doing and where the store is. */
export function toStoreError(error: unknown, doing: string, location: string): NovaError {
  if (isNovaError(error)) return error;
  const message = errorMessage(error);
  if (isCorruption(error)) return corruptStoreError(location, message, error);
  if (isReadOnlyFailure(error)) {
    return new NovaError({
      code: 'store_error',
      fault: 'user',
      message: `Store failed while ${doing}: ${location} cannot be written by this process (${message})`,
      hint: `\`nova doctor\` names the file that cannot be written and why; make it writable or set NOVA_HOME to a writable folder. Commands that only read (runs list, runs show, agents, doctor) still work.`,
      cause: error,
    });
  }
  return new NovaError({
    code: 'store_error',
    fault: 'system',
    retryable: isTransient(error),
    message: `Store failed while ${doing}: ${message}`,
    hint: `Check that the database at ${location} is reachable and writable; \`nova doctor\` shows the store in use.`,
    cause: error,
  });
}

/** Runs store work, turning any database failure into `store_error` (see `toStoreError`): what every repository does around each query. */
export function storeOperations(location: string): <Value>(doing: string, work: () => Promise<Value>) => Promise<Value> {
  return async (doing, work) => {
    try {
      return await work();
    } catch (error) {
      throw toStoreError(error, doing, location);
    }
  };
}

/** The SQLite file is not a database, or its pages are damaged. */
export function corruptStoreError(location: string, detail: string, cause: unknown): NovaError {
  return new NovaError({
    code: 'store_error',
    fault: 'system',
    message: `The store ${location} is corrupt or not an SQLite database (${detail})`,
    hint: `Move it aside to start with a new, empty store (\`mv ${location} ${location}.corrupt\`, and its -wal and -shm files if present), or restore it from a backup.`,
    cause,
  });
}

/** SQLITE_NOTADB (26) or SQLITE_CORRUPT (11), with any extended code. */
export function isCorruption(error: unknown): boolean {
  const primary = primarySqliteCode(error);
  return primary === 26 || primary === 11;
}

/**
 * SQLite could not write or create a file: SQLITE_READONLY (8), SQLITE_CANTOPEN (14), or libsql's
 * `ConnectionFailed("Unable to open connection to local database ...: 14")`, which carries no code.
 */
export function isReadOnlyFailure(error: unknown): boolean {
  const primary = primarySqliteCode(error);
  if (primary === 8 || primary === 14) return true;
  return error instanceof Error && /^ConnectionFailed\(.*: (8|14)"?\)$/.test(error.message);
}

function primarySqliteCode(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const record = error as { rawCode?: unknown; code?: unknown; cause?: unknown };
  if (typeof record.rawCode === 'number') return record.rawCode & 0xff;
  if (record.code === 'SQLITE_NOTADB') return 26;
  if (typeof record.code === 'string' && record.code.startsWith('SQLITE_CORRUPT')) return 11;
  if (typeof record.code === 'string' && record.code.startsWith('SQLITE_READONLY')) return 8;
  if (typeof record.code === 'string' && record.code.startsWith('SQLITE_CANTOPEN')) return 14;
  return record.cause === undefined ? undefined : primarySqliteCode(record.cause);
}

/** SQLite busy/locked and PostgreSQL serialisation or connection errors can succeed when tried again. */
export function isTransient(error: unknown): boolean {
  const code = errorCode(error);
  if (code === undefined) return false;
  return (
    code.startsWith('SQLITE_BUSY') ||
    code === 'SQLITE_LOCKED' ||
    code === '40001' ||
    code === '40P01' ||
    code === '57P01' ||
    code === 'ECONNRESET'
  );
}

export function isUniqueViolation(error: unknown): boolean {
  const code = errorCode(error);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const record = error as { code?: unknown; extendedCode?: unknown; cause?: unknown };
  if (typeof record.extendedCode === 'string') return record.extendedCode;
  if (typeof record.code === 'string') return record.code;
  return record.cause === undefined ? undefined : errorCode(record.cause);
}
