import { join } from 'node:path';
import { Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { DatabaseSchema } from '../../src/store/database-schema.ts';
import { latestSchemaVersion, migrations } from '../../src/store/migrations.ts';
import { migrateToLatest } from '../../src/store/migrator.ts';
import { LibsqlDialect } from '../../src/store/sqlite/libsql-dialect.ts';
import { acquireSqliteConnection } from '../../src/store/sqlite/shared-connection.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';

describe('the memory migration (version 3)', () => {
  const directory = temporaryDirectory();
  let db: Kysely<DatabaseSchema> | undefined;
  afterEach(async () => {
    await db?.destroy();
    directory.remove();
  });

  it('applies to a database that already has the later migrations (versions need not arrive in order)', async () => {
    db = new Kysely<DatabaseSchema>({ dialect: new LibsqlDialect(acquireSqliteConnection(join(directory.path, 'nova.db'))) });
    // Version 9 (the note key's version) alters the table version 3 creates: both arrive together.
    const withoutMemory = migrations.filter((migration) => migration.version !== 3 && migration.version !== 9);
    expect(withoutMemory.length).toBe(migrations.length - 2);
    await migrateToLatest(db, 'sqlite', withoutMemory);
    const tablesBefore = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE name LIKE 'memory_notes%'`.execute(db);
    expect(tablesBefore.rows).toEqual([]);

    expect(await migrateToLatest(db, 'sqlite')).toBe(latestSchemaVersion);
    const tablesAfter = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name LIKE 'memory_note%' ORDER BY name`.execute(db);
    expect(tablesAfter.rows.map((row) => row.name)).toEqual(
      expect.arrayContaining(['memory_note_tags', 'memory_notes', 'memory_notes_fts', 'memory_notes_fts_delete', 'memory_notes_fts_insert', 'memory_notes_fts_update']),
    );
    const applied = await db.selectFrom('nova_migrations').select('version').orderBy('version').execute();
    expect(applied.map((row) => Number(row.version))).toEqual(migrations.map((migration) => migration.version));
  });
});
