import { isNovaError, NovaError } from '../core/errors.ts';

/** Wraps a database failure as `store_error`, naming what Nova was doing and where the store is. */
export function toStoreError(error: unknown, doing: string, location: string): NovaError {
  if (isNovaError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
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
