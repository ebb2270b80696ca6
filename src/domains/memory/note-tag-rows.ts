import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../store/database-schema.ts';
import type { MemoryTables } from './memory-tables.ts';

export type MemoryDatabase = Kysely<DatabaseSchema & MemoryTables>;

/** The tags of these notes, each note's in the order they were first given, read in one query. */
export async function readTags(db: MemoryDatabase, numbers: readonly number[]): Promise<Map<number, string[]>> {
  const tagsByNumber = new Map<number, string[]>();
  if (numbers.length === 0) return tagsByNumber;
  const rows = await db
    .selectFrom('memory_note_tags')
    .select(['note_number', 'tag'])
    .where('note_number', 'in', [...numbers])
    .orderBy('note_number')
    .orderBy('position')
    .execute();
  for (const row of rows) {
    const number = Number(row.note_number);
    tagsByNumber.set(number, [...(tagsByNumber.get(number) ?? []), row.tag]);
  }
  return tagsByNumber;
}

/** Adds tags to a note after the `firstPosition` tags it already has. */
export async function insertTags(db: MemoryDatabase, number: number, tags: readonly string[], firstPosition: number): Promise<void> {
  if (tags.length === 0) return;
  await db
    .insertInto('memory_note_tags')
    .values(tags.map((tag, index) => ({ note_number: number, tag, position: firstPosition + index })))
    .execute();
}
