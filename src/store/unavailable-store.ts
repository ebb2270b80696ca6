import {
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
} from 'kysely';
import type { NovaError } from '../core/errors.ts';
import type { SecretRedactor } from '../core/secret-redactor.ts';
import type { DatabaseSchema } from './database-schema.ts';
import type { Journal } from './journal.ts';
import type { RunsRepository } from './runs-repository.ts';
import type { Store, StoreDialect } from './store.ts';

/**
 * A store that could not be opened, standing in for it where Nova must still start without one
 * (`nova doctor`, which reports the problem): every use fails with the problem that kept it closed.
 */
export function unavailableStore(options: { dialect: StoreDialect; location: string; problem: NovaError; redactor: SecretRedactor }): Store {
  const { problem } = options;
  const fail = (): Promise<never> => Promise.reject(problem);
  const journal: Journal = { start: fail, appendMany: fail, append: fail, read: fail };
  const runs: RunsRepository = { create: fail, get: fail, find: fail, list: fail, renewLease: fail };
  return {
    dialect: options.dialect,
    location: options.location,
    readOnlyBecause: null,
    redactor: options.redactor,
    // Handlers and tools take the handle when Nova opens and query it later: the queries fail, not the opening.
    db: new Kysely<DatabaseSchema>({ dialect: failingDialect(options.dialect, problem) }),
    journal,
    runs,
    schemaVersion: fail,
    close: () => Promise.resolve(),
  };
}

/** A Kysely dialect of the store's kind whose every connection fails with the problem. */
function failingDialect(dialect: StoreDialect, problem: NovaError): Dialect {
  const driver: Driver = {
    init: () => Promise.resolve(),
    acquireConnection: (): Promise<DatabaseConnection> => Promise.reject(problem),
    beginTransaction: () => Promise.reject(problem),
    commitTransaction: () => Promise.reject(problem),
    rollbackTransaction: () => Promise.reject(problem),
    releaseConnection: () => Promise.resolve(),
    destroy: () => Promise.resolve(),
  };
  const postgres = dialect === 'postgres';
  return {
    createDriver: () => driver,
    createQueryCompiler: () => (postgres ? new PostgresQueryCompiler() : new SqliteQueryCompiler()),
    createAdapter: () => (postgres ? new PostgresAdapter() : new SqliteAdapter()),
    createIntrospector: (db) => (postgres ? new PostgresIntrospector(db) : new SqliteIntrospector(db)),
  };
}
