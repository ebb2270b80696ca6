import type { Client, InValue } from '@libsql/client';
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
 * A Kysely dialect over `@libsql/client` for a local SQLite file.
 *
 * Why our own: `@libsql/kysely-libsql` pins `@libsql/client` 0.8 (a second copy of the native
 * binaries) and runs each statement on whatever connection the client hands out, so a transaction can
 * interleave with other statements of the same process. Here one connection per file is shared behind
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
    this.#connection = new LibsqlConnection(shared.client);
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
  readonly #client: Client;

  constructor(client: Client) {
    this.#client = client;
  }

  async executeQuery<Row>(compiledQuery: CompiledQuery): Promise<QueryResult<Row>> {
    const result = await this.#client.execute({
      sql: compiledQuery.sql,
      args: compiledQuery.parameters as InValue[],
    });
    const columns = result.columns;
    const rows = result.rows.map((row) => {
      const record: Record<string, unknown> = {};
      for (let index = 0; index < columns.length; index += 1) record[columns[index]!] = row[index];
      return record as Row;
    });
    return {
      rows,
      numAffectedRows: BigInt(result.rowsAffected),
      ...(result.lastInsertRowid === undefined ? {} : { insertId: result.lastInsertRowid }),
    };
  }

  // eslint-disable-next-line require-yield -- the interface wants a generator; streaming is not offered.
  async *streamQuery<Row>(): AsyncIterableIterator<QueryResult<Row>> {
    throw new Error('Streaming queries are not supported by the libsql dialect; page with limit/offset.');
  }
}
