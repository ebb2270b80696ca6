import {
  CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
} from 'kysely';
import type { Mutex } from './mutex.ts';
import type { SharedConnection } from './shared-connection.ts';

/**
 * A Kysely dialect over `libsql` (the SQLite fork whose binaries ship inside npm) for a local file.
 *
 * Why our own: `@libsql/kysely-libsql` pins `@libsql/client` 0.8 (a second copy of the native
 * binaries), prepares every statement anew (a tenth of a journal append), and runs each statement on
 * whatever connection the client hands out, so a transaction can interleave with other statements of
 * the same process. Here statements are prepared once, and one connection per file is shared behind
 * a mutex (see shared-connection.ts), as Kysely's own SQLite driver does, and transactions take the
 * write lock up front (`BEGIN IMMEDIATE`) so two processes never deadlock upgrading a read lock.
 */
export class LibsqlDialect implements Dialect {
  readonly #connection: SharedConnection;

  constructor(connection: SharedConnection) {
    this.#connection = connection;
  }

  createDriver(): Driver {
    return new LibsqlDriver(this.#connection);
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}

class LibsqlDriver implements Driver {
  readonly #shared: SharedConnection;
  readonly #connection: LibsqlConnection;
  readonly #mutex: Mutex;

  constructor(shared: SharedConnection) {
    this.#shared = shared;
    this.#mutex = shared.mutex;
    this.#connection = new LibsqlConnection(shared);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#mutex.lock();
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('BEGIN IMMEDIATE'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('COMMIT'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('ROLLBACK'));
  }

  async releaseConnection(): Promise<void> {
    this.#mutex.unlock();
  }

  async destroy(): Promise<void> {
    this.#shared.release();
  }
}

class LibsqlConnection implements DatabaseConnection {
  readonly #shared: SharedConnection;

  constructor(shared: SharedConnection) {
    this.#shared = shared;
  }

  async executeQuery<Row>(compiledQuery: CompiledQuery): Promise<QueryResult<Row>> {
    const statement = this.#shared.prepare(compiledQuery.sql);
    const parameters = compiledQuery.parameters as unknown[];
    if (statement.reader) return { rows: statement.all(...parameters) as Row[] };
    const result = statement.run(...parameters);
    return { rows: [], numAffectedRows: BigInt(result.changes), insertId: BigInt(result.lastInsertRowid) };
  }

  // eslint-disable-next-line require-yield -- the interface wants a generator; streaming is not offered.
  async *streamQuery<Row>(): AsyncIterableIterator<QueryResult<Row>> {
    throw new Error('Streaming queries are not supported by the libsql dialect; page with limit/offset.');
  }
}
