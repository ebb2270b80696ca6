import { sql } from 'kysely';
import type { StoreDialect } from '../../store/store.ts';
import { mergeTags } from './note.ts';
import { noteTextDigest, textKeyVersion } from './note-identity.ts';
import { insertTags, readTags, type MemoryDatabase } from './note-tag-rows.ts';
import { searchTextFor, searchTextVersion } from './search-text.ts';

interface NoteKeyRow {
  number: number;
  text: string;
  created_at: string;
  updated_at: string | null;
}

// Keys per query when looking up the notes that already hold a current key: well under the bound
// parameters either database accepts.
const keysPerQuery = 500;

/**
 * Gives every note whose `text_key` an older noteTextKey made the current key; call it in a
 * transaction. Notes that now share a key become one, as a repeated `remember` would have kept them:
 * the oldest (lowest number) keeps its id, text and creation time and gains the tags of the others in
 * the order of their numbers (marked updated at the latest time one of them was remembered); the
 * others are deleted, so their ids are gone. Returns how many notes were merged away.
 */
export async function rekeyStaleNotes(db: MemoryDatabase, dialect: StoreDialect): Promise<number> {
  const stale = await db
    .selectFrom('memory_notes')
    .select(['number', 'text', 'created_at', 'updated_at'])
    .where('text_key_version', '<', textKeyVersion)
    .orderBy('number')
    // PostgreSQL: a second process doing the same waits here, then finds nothing left to do.
    .$call((builder) => (dialect === 'postgres' ? builder.forUpdate() : builder))
    .execute();
  if (stale.length === 0) return 0;
  // Free the old keys first: no note's new key can then meet an old key that is about to be replaced.
  await db
    .updateTable('memory_notes')
    .set({ text_key: sql<string>`'stale:' || CAST(number AS text)` })
    .where('text_key_version', '<', textKeyVersion)
    .execute();

  const groups = new Map<string, NoteKeyRow[]>();
  for (const row of stale) {
    const key = noteTextDigest(row.text);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  // Notes remembered with the current key already: a stale note with the same text joins them.
  const keys = [...groups.keys()];
  for (let start = 0; start < keys.length; start += keysPerQuery) {
    const current = await db
      .selectFrom('memory_notes')
      .select(['number', 'text', 'created_at', 'updated_at', 'text_key'])
      .where('text_key', 'in', keys.slice(start, start + keysPerQuery))
      .execute();
    for (const { text_key: key, ...row } of current) groups.get(key)!.push(row);
  }

  let mergedAway = 0;
  for (const [key, rows] of groups) {
    rows.sort((first, second) => Number(first.number) - Number(second.number));
    mergedAway += await mergeNotes(db, key, rows);
  }
  return mergedAway;
}

/** Makes the notes (oldest first) one note under `key`; returns how many were deleted. */
async function mergeNotes(db: MemoryDatabase, key: string, rows: readonly NoteKeyRow[]): Promise<number> {
  const [keeper, ...others] = rows as [NoteKeyRow, ...NoteKeyRow[]];
  const keeperNumber = Number(keeper.number);
  if (others.length === 0) {
    await db.updateTable('memory_notes').set({ text_key: key, text_key_version: textKeyVersion }).where('number', '=', keeperNumber).execute();
    return 0;
  }
  const otherNumbers = others.map((row) => Number(row.number));
  const tags = await readTags(db, [keeperNumber, ...otherNumbers]);
  const keeperTags = tags.get(keeperNumber) ?? [];
  const mergedTags = mergeTags(keeperTags, ...otherNumbers.map((number) => tags.get(number) ?? []));
  const addedTags = mergedTags.slice(keeperTags.length);
  // Deleted explicitly rather than by the foreign key's cascade, which SQLite applies only on
  // connections with `foreign_keys` on.
  await db.deleteFrom('memory_note_tags').where('note_number', 'in', otherNumbers).execute();
  await db.deleteFrom('memory_notes').where('number', 'in', otherNumbers).execute();
  await insertTags(db, keeperNumber, addedTags, keeperTags.length);
  // As `remember` does: the note counts as updated when the repeat added tags (ISO times sort as text).
  const updatedAt = addedTags.length === 0 ? keeper.updated_at : [keeper.updated_at, ...others.flatMap((row) => [row.created_at, row.updated_at])].reduce(later);
  await db
    .updateTable('memory_notes')
    .set({
      text_key: key,
      text_key_version: textKeyVersion,
      search_text: searchTextFor(keeper.text, mergedTags),
      search_version: searchTextVersion,
      updated_at: updatedAt,
    })
    .where('number', '=', keeperNumber)
    .execute();
  return others.length;
}

function later(first: string | null, second: string | null): string | null {
  if (first === null) return second;
  if (second === null) return first;
  return second > first ? second : first;
}
