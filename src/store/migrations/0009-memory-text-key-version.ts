import type { Migration } from '../migrations.ts';

/**
 * Records which version of the memory agent's note identity (noteTextKey in
 * src/domains/memory/note-identity.ts) made each note's `text_key`. Version 1 kept a note's hashtags in
 * its key, so "x #a" and "x #b" became two notes; version 2 leaves them out. The existing rows are
 * marked version 1 here; the memory repository gives them the current key before its first read or
 * write, merging the notes that now share a key (note-rekey.ts). That step runs there, not in this
 * migration, because the key is derived by the domain's text folding, which the store does not know.
 */
export const memoryTextKeyVersion: Migration = {
  version: 9,
  name: 'memory text key version',
  async up(db) {
    await db.schema
      .alterTable('memory_notes')
      .addColumn('text_key_version', 'integer', (column) => column.notNull().defaultTo(1))
      .execute();
  },
};
