import { existsSync } from 'node:fs';
import Database from 'libsql';
import { isReadOnlyFailure } from '../store-error.ts';
import { Mutex } from './mutex.ts';

export type SqliteDatabase = Database.Database;
export type SqliteStatement = Database.Statement<unknown[]>;

/** One SQLite connection, the mutex that gives it to one statement or transaction at a time, and its prepared statements. */
export interface SharedConnection {
  database: SqliteDatabase;
  mutex: Mutex;
  /** The prepared statement for `sql`, prepared once per connection. */
  prepare(sql: string): SqliteStatement;
  /** Closes the connection once its last user releases it. */
  release(): void;
}

interface OpenConnection {
  database: SqliteDatabase;
  mutex: Mutex;
  statements: Map<string, SqliteStatement>;
  users: number;
}

const open = new Map<string, OpenConnection>();
// Nova's own queries are few and repeat; the bound keeps ad-hoc SQL (domain reports) from growing it.
const maxCachedStatements = 500;

/**
 * The connection to a SQLite file (libsql, the SQLite fork whose binaries ship inside npm), shared by
 * every store opened on that file in this process.
 *
 * Why shared: SQLite runs statements on the calling thread, so a second connection of the same process
 * waiting for the write lock would block the very event loop that the transaction holding the lock
 * needs to finish (a deadlock until the busy timeout). One connection behind one mutex makes the
 * transactions of one process queue instead; other processes wait on SQLite's lock as usual.
 */
export function acquireSqliteConnection(path: string, options: { readOnly?: boolean } = {}): SharedConnection {
  const key = options.readOnly === true ? `${path}?mode=ro` : path;
  let entry = open.get(key);
  if (entry === undefined) {
    const database = options.readOnly === true ? openReadOnly(path) : openReadWrite(path);
    entry = { database, mutex: new Mutex(), statements: new Map(), users: 0 };
    open.set(key, entry);
  }
  entry.users += 1;
  const shared = entry;
  let released = false;
  return {
    database: shared.database,
    mutex: shared.mutex,
    prepare(sql) {
      let statement = shared.statements.get(sql);
      if (statement === undefined) {
        statement = shared.database.prepare(sql);
        if (shared.statements.size >= maxCachedStatements) shared.statements.clear();
        shared.statements.set(sql, statement);
      }
      return statement;
    },
    release() {
      if (released) return;
      released = true;
      shared.users -= 1;
      if (shared.users === 0) {
        open.delete(key);
        shared.database.close();
      }
    },
  };
}

function openReadWrite(path: string): SqliteDatabase {
  const database = new Database(path);
  // WAL lets readers (`nova runs show`) work while a run writes; NORMAL sync survives a crash of
  // the process (the case that matters here) and is many times faster per commit than FULL.
  return withPragmas(database, ['journal_mode = WAL', 'synchronous = NORMAL', 'foreign_keys = ON', 'busy_timeout = 10000']);
}

/**
 * A read-only connection, for a store this process may read but not write. A WAL database needs its
 * `-shm` file even to read; where it is absent and cannot be created (a read-only folder) and there is
 * no `-wal` file (so every commit is in the database file), the file is opened as immutable: nothing
 * can write it here, so there is nothing to lock against.
 */
function openReadOnly(path: string): SqliteDatabase {
  try {
    // SQLite opens files lazily: reading `schema_version` makes it read the file (and fail here, not later).
    return withPragmas(new Database(sqliteFileUri(path, 'mode=ro')), ['query_only = 1', 'busy_timeout = 10000', 'schema_version']);
  } catch (error) {
    if (existsSync(`${path}-wal`) || !isReadOnlyFailure(error)) throw error;
    return withPragmas(new Database(sqliteFileUri(path, 'immutable=1')), ['query_only = 1', 'schema_version']);
  }
}

/** Runs the pragmas, closing the database if one fails. */
function withPragmas(database: SqliteDatabase, pragmas: readonly string[]): SqliteDatabase {
  try {
    for (const pragma of pragmas) database.exec(`PRAGMA ${pragma}`);
    return database;
  } catch (error) {
    database.close();
    throw error;
  }
}

function sqliteFileUri(path: string, parameter: string): string {
  return `file:${encodeURIComponent(path).replace(/%2F/g, '/')}?${parameter}`;
}
