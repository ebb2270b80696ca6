import type { Generated } from 'kysely';

/**
 * The memory agent's tables (migrations 0003-memory and 0009-memory-text-key-version). The full-text
 * index lives beside them: on SQLite the FTS5 table `memory_notes_fts` (external content over
 * `search_text`, kept in sync by triggers in the transaction of each write), on PostgreSQL the
 * generated column `search_vector` with a GIN index.
 */
// A type alias, not an interface: Kysely's withTables wants a type with an implicit index signature.
export type MemoryTables = {
  memory_notes: MemoryNotesTable;
  memory_note_tags: MemoryNoteTagsTable;
};

export interface MemoryNotesTable {
  /** Never reused (SQLite AUTOINCREMENT, PostgreSQL identity): the note's id is `n` + number. */
  number: Generated<number>;
  text: string;
  /** noteTextDigest of the text, unique: remembering the same thing twice (tags aside) keeps one note. */
  text_key: string;
  /** The textKeyVersion text_key was derived with (migration 0009; older rows are re-keyed by note-rekey.ts). */
  text_key_version: number;
  /** The words the index holds (searchTextFor); derived from text and tags. */
  search_text: string;
  /** The searchTextVersion search_text was derived with. */
  search_version: number;
  created_at: string;
  updated_at: string | null;
}

export interface MemoryNoteTagsTable {
  note_number: number;
  tag: string;
  /** The tag's place among the note's tags, as first given. */
  position: number;
}
