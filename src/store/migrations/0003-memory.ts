import { sql } from 'kysely';
import type { Migration } from '../migrations.ts';

/**
 * The memory agent's notes, their tags and the full-text index over them (see
 * src/domains/memory/memory-tables.ts). Nova derives the indexed words itself (`search_text`), so both
 * databases index the same words with no stemmer of their own: FTS5's `unicode61` tokenizer on SQLite,
 * the `simple` text search configuration on PostgreSQL.
 */
export const memoryNotes: Migration = {
  version: 3,
  name: 'memory notes',
  async up(db, dialect) {
    await db.schema
      .createTable('memory_notes')
      .addColumn('number', 'integer', (column) =>
        // AUTOINCREMENT and identity never hand out a number again, so a forgotten n12 stays forgotten.
        dialect === 'sqlite' ? column.primaryKey().autoIncrement() : column.primaryKey().generatedAlwaysAsIdentity(),
      )
      .addColumn('text', 'text', (column) => column.notNull())
      .addColumn('text_key', 'text', (column) => column.notNull())
      .addColumn('search_text', 'text', (column) => column.notNull())
      .addColumn('search_version', 'integer', (column) => column.notNull())
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addColumn('updated_at', 'text')
      .$call((builder) =>
        dialect === 'postgres'
          ? builder.addColumn('search_vector', sql`tsvector`, (column) =>
              column.generatedAlwaysAs(sql`to_tsvector('simple'::regconfig, search_text)`).stored(),
            )
          : builder,
      )
      .execute();
    await db.schema.createIndex('memory_notes_text_key').on('memory_notes').column('text_key').unique().execute();
    await db.schema.createIndex('memory_notes_created').on('memory_notes').column('created_at').execute();

    await db.schema
      .createTable('memory_note_tags')
      .addColumn('note_number', 'integer', (column) => column.notNull().references('memory_notes.number').onDelete('cascade'))
      .addColumn('tag', 'text', (column) => column.notNull())
      .addColumn('position', 'integer', (column) => column.notNull())
      .addPrimaryKeyConstraint('memory_note_tags_pk', ['tag', 'note_number'])
      .execute();
    await db.schema.createIndex('memory_note_tags_note').on('memory_note_tags').column('note_number').execute();

    if (dialect === 'postgres') {
      await sql`CREATE INDEX memory_notes_search ON memory_notes USING gin (search_vector)`.execute(db);
      return;
    }
    // An external-content FTS5 table: the words live once, in memory_notes; the triggers keep the index
    // in step inside the transaction of every insert, update and delete.
    await sql`CREATE VIRTUAL TABLE memory_notes_fts USING fts5(
      search_text,
      content = 'memory_notes',
      content_rowid = 'number',
      tokenize = 'unicode61 remove_diacritics 2'
    )`.execute(db);
    await sql`CREATE TRIGGER memory_notes_fts_insert AFTER INSERT ON memory_notes BEGIN
      INSERT INTO memory_notes_fts (rowid, search_text) VALUES (new.number, new.search_text);
    END`.execute(db);
    await sql`CREATE TRIGGER memory_notes_fts_delete AFTER DELETE ON memory_notes BEGIN
      INSERT INTO memory_notes_fts (memory_notes_fts, rowid, search_text) VALUES ('delete', old.number, old.search_text);
    END`.execute(db);
    await sql`CREATE TRIGGER memory_notes_fts_update AFTER UPDATE OF search_text ON memory_notes BEGIN
      INSERT INTO memory_notes_fts (memory_notes_fts, rowid, search_text) VALUES ('delete', old.number, old.search_text);
      INSERT INTO memory_notes_fts (rowid, search_text) VALUES (new.number, new.search_text);
    END`.execute(db);
  },
};
