import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Kysely, sql } from 'kysely';
import { NovaError } from '../../core/errors.ts';
import type { DatabaseSchema } from '../database-schema.ts';
import { latestSchemaVersion } from '../migrations.ts';
import { migrateToLatest, readSchemaVersion } from '../migrator.ts';
import { corruptStoreError, isCorruption, isReadOnlyFailure } from '../store-error.ts';
import { LibsqlDialect } from './libsql-dialect.ts';
import { acquireSqliteConnection } from './shared-connection.ts';
import { findSqliteWriteProblem, type SqliteWriteProblem } from './sqlite-write-access.ts';
import { errorMessage } from '../../core/error-message.ts';

/** `write`: the caller writes. `read`: the caller only reads, and a store it cannot write is opened read-only. */
export type StoreAccess = 'read' | 'write';

/**
 * Opens the SQLite file and migrates it, or, for a reader, opens it read-only when it exists and cannot
 * be written. SQLite's own word for a file it cannot create or write is a bare "unable to open" (14)
 * or "readonly" (8), and where it can read but not write the files it quietly opens them read-only,
 * failing only at the first write. So the files are checked as well (the folder, the database, its
 * -wal and -shm), and a failure is explained by the one that cannot be written.
 */
export async function openSqlite(path: string, access: StoreAccess): Promise<{ db: Kysely<DatabaseSchema>; readOnlyBecause: NovaError | null }> {
  const absolute = resolve(path);
  const notWritable = await openWritable(absolute);
  if (!(notWritable instanceof NovaError)) return { db: notWritable, readOnlyBecause: null };
  if (access === 'write' || !existsSync(absolute)) throw notWritable;
  const readOnly = new Kysely<DatabaseSchema>({ dialect: new LibsqlDialect(acquireSqliteConnection(absolute, { readOnly: true })) });
  try {
    await requireCurrentSchema(readOnly, absolute, notWritable);
  } catch (error) {
    await readOnly.destroy();
    throw error;
  }
  return { db: readOnly, readOnlyBecause: notWritable };
}

/** The migrated store, or the error saying which file cannot be written; any other failure is thrown. */
async function openWritable(absolute: string): Promise<Kysely<DatabaseSchema> | NovaError> {
  let db: Kysely<DatabaseSchema> | undefined;
  try {
    mkdirSync(dirname(absolute), { recursive: true });
    db = new Kysely<DatabaseSchema>({ dialect: new LibsqlDialect(acquireSqliteConnection(absolute)) });
    await migrateToLatest(db, 'sqlite');
  } catch (error) {
    await db?.destroy();
    if (isCorruption(error)) throw corruptStoreError(absolute, errorMessage(error), error);
    if (!isReadOnlyFailure(error) && !isFileSystemError(error)) throw error;
    return notWritableError(absolute, findSqliteWriteProblem(absolute), error);
  }
  const problem = findSqliteWriteProblem(absolute);
  if (problem === null) return db;
  await db.destroy();
  return notWritableError(absolute, problem, undefined);
}

function notWritableError(path: string, problem: SqliteWriteProblem | null, cause: unknown): NovaError {
  const detail = cause instanceof Error ? cause.message : String(cause ?? 'no reason given');
  return new NovaError({
    code: 'store_error',
    fault: 'user',
    message:
      problem === null
        ? `The store ${path} cannot be created or written (${detail})`
        : `The store ${path} cannot be created or written: ${problem.path}: ${problem.reason}`,
    hint: `${problem?.fix ?? `Make ${dirname(path)} and the files in it writable for this user`}, or set NOVA_HOME to a writable folder. Commands that only read (runs list, runs show, agents, pipeline list, doctor) work on a read-only store that exists.`,
    ...(cause === undefined ? {} : { cause }),
  });
}

/** A read-only store cannot be migrated: it must already have the schema this Nova needs. */
async function requireCurrentSchema(db: Kysely<DatabaseSchema>, location: string, readOnlyBecause: NovaError): Promise<void> {
  const tables = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'nova_migrations'`.execute(db);
  const version = tables.rows.length === 0 ? 0 : await readSchemaVersion(db);
  if (version >= latestSchemaVersion) return;
  throw new NovaError({
    code: 'store_error',
    fault: 'user',
    message: `The store ${location} has schema v${version} and this Nova needs v${latestSchemaVersion}; upgrading it writes, and it cannot be written here (${readOnlyBecause.message})`,
    hint: readOnlyBecause.hint ?? 'Make the store writable and run any command once to upgrade it.',
    cause: readOnlyBecause,
  });
}

/** mkdir's own failures (EACCES, EROFS, ENOTDIR, EEXIST): the folder of the store cannot be made. */
function isFileSystemError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && ['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EEXIST'].includes(code);
}
