import { Kysely, PostgresDialect, sql } from 'kysely';
import { NovaError } from '../core/errors.ts';
import { maskedUrl } from '../core/masked-url.ts';
import { SecretRedactor } from '../core/secret-redactor.ts';
import type { DatabaseSchema } from './database-schema.ts';
import { createJournal, type Journal } from './journal.ts';
import { migrateToLatest, readSchemaVersion } from './migrator.ts';
import { createRunsRepository, type RunsRepository } from './runs-repository.ts';
import { openSqlite, type StoreAccess } from './sqlite/open-sqlite-store.ts';
import { toStoreError } from './store-error.ts';

export type StoreDialect = 'sqlite' | 'postgres';
export type { StoreAccess } from './sqlite/open-sqlite-store.ts';

export interface Store {
  readonly dialect: StoreDialect;
  /** The file path, or the URL with any password masked: safe to print. */
  readonly location: string;
  readonly db: Kysely<DatabaseSchema>;
  /** What the store masks in everything it writes; front ends mask what they print with it too. */
  readonly redactor: SecretRedactor;
  readonly journal: Journal;
  readonly runs: RunsRepository;
  /**
   * Why this store was opened read-only (a caller that only reads asked for `access: 'read'` and the
   * store cannot be written: which file and why), or null when it can be written.
   */
  readonly readOnlyBecause: NovaError | null;
  schemaVersion(): Promise<number>;
  close(): Promise<void>;
}

/** Masks configured secrets in everything the store writes (default: none configured). */
type RedactionOption = { redactor?: SecretRedactor };

export type OpenStoreOptions = RedactionOption &
  (
  | {
      dialect: 'sqlite';
      path: string;
      /**
       * `write` (default): the caller writes, so a store it cannot write is an error naming the file.
       * `read`: the caller only reads, so a store that exists but cannot be written here is opened
       * read-only (its schema must then be current, since migrating writes).
       */
      access?: StoreAccess;
    }
  | {
      dialect: 'postgres';
      url: string;
      /** A PostgreSQL schema to use instead of `public` (created if absent); tests use one each. */
      schema?: string;
      poolSize?: number;
    }
  );

/** Opens the store and brings its schema up to date; the caller closes it. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const location = options.dialect === 'sqlite' ? options.path : maskedUrl(options.url);
  let db: Kysely<DatabaseSchema> | undefined;
  let readOnlyBecause: NovaError | null = null;
  try {
    if (options.dialect === 'sqlite') {
      const opened = await openSqlite(options.path, options.access ?? 'write');
      db = opened.db;
      readOnlyBecause = opened.readOnlyBecause;
    } else {
      db = await openPostgres(options);
      await migrateToLatest(db, options.dialect);
    }
  } catch (error) {
    await db?.destroy();
    throw toStoreError(error, `opening the ${options.dialect} store`, location);
  }
  const database = db;
  const redactor = options.redactor ?? new SecretRedactor();
  return {
    dialect: options.dialect,
    location,
    readOnlyBecause,
    db: database,
    redactor,
    journal: createJournal(database, options.dialect, location, redactor),
    runs: createRunsRepository(database, location, redactor),
    schemaVersion: () => readSchemaVersion(database),
    close: () => database.destroy(),
  };
}

async function openPostgres(options: Extract<OpenStoreOptions, { dialect: 'postgres' }>): Promise<Kysely<DatabaseSchema>> {
  if (options.schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(options.schema)) {
    throw new NovaError({
      code: 'config_invalid',
      fault: 'user',
      message: `Invalid PostgreSQL schema name "${options.schema}"`,
      hint: 'Use lower-case letters, digits and underscores.',
    });
  }
  // The PostgreSQL driver is imported only when a PostgreSQL store is opened: SQLite users never load it.
  const { default: pg } = await import('pg');
  if (options.schema !== undefined) {
    const setup = new pg.Client({ connectionString: options.url });
    await setup.connect();
    try {
      await setup.query(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
    } finally {
      await setup.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  });
  const db = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
  await sql`SELECT 1`.execute(db);
  return db;
}

