import { sql, type Kysely } from 'kysely';
import type { DatabaseSchema } from './database-schema.ts';
import { migrations as defaultMigrations, type Migration } from './migrations.ts';
import type { StoreDialect } from './store.ts';

// An arbitrary constant: the PostgreSQL advisory lock that serialises migrations between processes.
const migrationLockKey = 7_368_237_461;

/**
 * Brings the schema up to date, in one transaction, holding a lock so that two processes opening the
 * same database at once cannot both migrate (SQLite: the write lock of BEGIN IMMEDIATE; PostgreSQL: an
 * advisory lock). Returns the schema version after migrating.
 */
export async function migrateToLatest(
  db: Kysely<DatabaseSchema>,
  dialect: StoreDialect,
  migrations: readonly Migration[] = defaultMigrations,
): Promise<number> {
  return db.transaction().execute(async (transaction) => {
    if (dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(${migrationLockKey})`.execute(transaction);
    await transaction.schema
      .createTable('nova_migrations')
      .ifNotExists()
      .addColumn('version', 'integer', (column) => column.primaryKey())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('applied_at', 'text', (column) => column.notNull())
      .execute();
    const applied = await transaction.selectFrom('nova_migrations').select('version').execute();
    const appliedVersions = new Set(applied.map((row) => Number(row.version)));
    for (const migration of migrations) {
      if (appliedVersions.has(migration.version)) continue;
      await migration.up(transaction as unknown as Kysely<unknown>, dialect);
      await transaction
        .insertInto('nova_migrations')
        .values({ version: migration.version, name: migration.name, applied_at: new Date().toISOString() })
        .execute();
    }
    return readSchemaVersion(transaction);
  });
}

export async function readSchemaVersion(db: Kysely<DatabaseSchema>): Promise<number> {
  const row = await db
    .selectFrom('nova_migrations')
    .select((builder) => builder.fn.max('version').as('version'))
    .executeTakeFirst();
  return Number(row?.version ?? 0);
}
