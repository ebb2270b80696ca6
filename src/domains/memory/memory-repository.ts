import { sql, type RawBuilder } from 'kysely';
import { systemClock, type Clock } from '../../core/clock.ts';
import { NovaError } from '../../core/errors.ts';
import { isUniqueViolation, storeOperations } from '../../store/store-error.ts';
import type { Store, StoreDialect } from '../../store/store.ts';
import type { MemoryTables } from './memory-tables.ts';
import { mergeTags, noteIdFromNumber, type Note } from './note.ts';
import { noteTextDigest, textKeyVersion } from './note-identity.ts';
import { rekeyStaleNotes } from './note-rekey.ts';
import { insertTags, readTags, type MemoryDatabase } from './note-tag-rows.ts';
import { toFts5Query, toTsQuery, type SearchQuery } from './search-query.ts';
import { searchTextFor, searchTextVersion } from './search-text.ts';

export interface RememberResult {
  note: Note;
  /** False when the same text was already noted: that note is returned (with any new tags added). */
  created: boolean;
  /** Tags the call added to the note (all of them for a new note). */
  addedTags: string[];
}

export interface NoteFilter {
  /** Notes carrying every one of these tags (normalised). */
  tags?: readonly string[];
  limit: number;
}

export interface MemoryRepository {
  /** Stores a note, or returns the note that already holds the same text, adding the new tags to it. */
  remember(input: { text: string; tags: readonly string[] }): Promise<RememberResult>;
  /** Full-text search, best match first, each note with its score; filtered by tags when given. */
  search(query: SearchQuery, filter: NoteFilter): Promise<Note[]>;
  /** Notes newest first (filtered by tags when given), and how many there are in all. */
  list(filter: NoteFilter): Promise<{ notes: Note[]; total: number }>;
  /** The notes with these numbers, in the order asked; numbers with no note are left out. */
  get(numbers: readonly number[]): Promise<Note[]>;
  /**
   * Deletes the notes with these numbers in one transaction and returns them. With `requireAll`, a
   * number with no note is an `input_invalid` error and nothing is deleted.
   */
  forget(numbers: readonly number[], options: { requireAll: boolean }): Promise<Note[]>;
}

interface NoteRow {
  number: number;
  text: string;
  created_at: string;
  updated_at: string | null;
  score?: number | string;
}

/** The notes of the memory agent in the store, searched with FTS5 (SQLite) or a tsvector (PostgreSQL). */
export function createMemoryRepository(store: Store, options: { clock?: Clock } = {}): MemoryRepository {
  const db = store.db.withTables<MemoryTables>() as MemoryDatabase;
  const clock = options.clock ?? systemClock;
  const storeWrap = storeOperations(store.location);
  // Before the first read or write, notes keyed by an older noteTextKey get the current key (merging
  // the ones that now share it), so no operation sees them twice. Tried again after a failure.
  let keysCurrent: Promise<unknown> | undefined;
  const currentKeys = () =>
    (keysCurrent ??= storeWrap('bringing the notes up to date', () => db.transaction().execute((transaction) => rekeyStaleNotes(transaction, store.dialect))).catch(
      (error: unknown) => {
        keysCurrent = undefined;
        throw error;
      },
    ));
  const wrap = <Value>(doing: string, work: () => Promise<Value>) =>
    storeWrap(doing, async () => {
      await currentKeys();
      return work();
    });

  return {
    remember: (input) =>
      wrap('storing a note', async () => {
        const attempt = () => db.transaction().execute((transaction) => remember(transaction, store.dialect, input, clock.now().toISOString()));
        try {
          return await attempt();
        } catch (error) {
          // PostgreSQL: another connection stored the same text between our look-up and our insert; the
          // second attempt finds that note. (SQLite transactions take the write lock first: no race.)
          if (!isUniqueViolation(error)) throw error;
          return attempt();
        }
      }),

    search: (query, filter) =>
      wrap('searching notes', async () => {
        const rows = await searchRows(db, store.dialect, query, filter);
        return withTags(db, rows);
      }),

    list: (filter) =>
      wrap('listing notes', async () => {
        const rows = await db
          .selectFrom('memory_notes')
          .select(['number', 'text', 'created_at', 'updated_at'])
          .$call((builder) => (hasTags(filter) ? builder.where(sql<boolean>`number IN (${taggedNumbers(filter.tags)})`) : builder))
          .orderBy('number', 'desc')
          .limit(filter.limit)
          .execute();
        const count = await db
          .selectFrom('memory_notes')
          .select((builder) => builder.fn.countAll().as('count'))
          .$call((builder) => (hasTags(filter) ? builder.where(sql<boolean>`number IN (${taggedNumbers(filter.tags)})`) : builder))
          .executeTakeFirst();
        return { notes: await withTags(db, rows), total: Number(count?.count ?? 0) };
      }),

    get: (numbers) =>
      wrap('reading notes', async () => {
        if (numbers.length === 0) return [];
        const rows = await db.selectFrom('memory_notes').select(['number', 'text', 'created_at', 'updated_at']).where('number', 'in', [...numbers]).execute();
        const notes = await withTags(db, rows);
        const byNumber = new Map(rows.map((row, index) => [row.number, notes[index]!]));
        return numbers.flatMap((number) => byNumber.get(number) ?? []);
      }),

    forget: (numbers, forgetOptions) =>
      wrap('forgetting notes', () =>
        db.transaction().execute(async (transaction) => {
          if (numbers.length === 0) return [];
          const rows = await transaction
            .selectFrom('memory_notes')
            .select(['number', 'text', 'created_at', 'updated_at'])
            .where('number', 'in', [...numbers])
            .orderBy('number')
            .execute();
          const missing = numbers.filter((number) => !rows.some((row) => row.number === number));
          if (forgetOptions.requireAll && missing.length > 0) {
            throw new NovaError({
              code: 'input_invalid',
              fault: 'user',
              message: `No note ${missing.map(noteIdFromNumber).join(', ')}; nothing was forgotten`,
              hint: 'List your notes (`nova run memory "list my notes"`) to see their ids, or forget by a search: "forget the note about the dentist".',
              details: { missing: missing.map(noteIdFromNumber) },
            });
          }
          const notes = await withTags(transaction, rows);
          const found = rows.map((row) => row.number);
          if (found.length > 0) {
            // Deleted explicitly rather than by the foreign key's cascade, which SQLite applies only on
            // connections with `foreign_keys` on.
            await transaction.deleteFrom('memory_note_tags').where('note_number', 'in', found).execute();
            await transaction.deleteFrom('memory_notes').where('number', 'in', found).execute();
          }
          return notes;
        }),
      ),
  };
}

async function remember(db: MemoryDatabase, dialect: StoreDialect, input: { text: string; tags: readonly string[] }, now: string): Promise<RememberResult> {
  const textKey = noteTextDigest(input.text);
  const existing = await db
    .selectFrom('memory_notes')
    .select(['number', 'text', 'created_at', 'updated_at'])
    .where('text_key', '=', textKey)
    // PostgreSQL: two calls adding tags to one note take turns, so neither overwrites the other's
    // search_text. SQLite has no FOR UPDATE and needs none: its transactions hold the write lock.
    .$call((builder) => (dialect === 'postgres' ? builder.forUpdate() : builder))
    .executeTakeFirst();
  if (existing !== undefined) {
    const [note] = await withTags(db, [existing]);
    const addedTags = input.tags.filter((tag) => !note!.tags.includes(tag));
    if (addedTags.length === 0) return { note: note!, created: false, addedTags };
    const tags = mergeTags(note!.tags, addedTags);
    await insertTags(db, existing.number, addedTags, note!.tags.length);
    await db
      .updateTable('memory_notes')
      .set({ search_text: searchTextFor(existing.text, tags), search_version: searchTextVersion, updated_at: now })
      .where('number', '=', existing.number)
      .execute();
    return { note: { ...note!, tags, updatedAt: now }, created: false, addedTags };
  }
  const inserted = await db
    .insertInto('memory_notes')
    .values({
      text: input.text,
      text_key: textKey,
      text_key_version: textKeyVersion,
      search_text: searchTextFor(input.text, input.tags),
      search_version: searchTextVersion,
      created_at: now,
      updated_at: null,
    })
    .returning('number')
    .executeTakeFirstOrThrow();
  const number = Number(inserted.number);
  await insertTags(db, number, input.tags, 0);
  return { note: { id: noteIdFromNumber(number), text: input.text, tags: [...input.tags], createdAt: now }, created: true, addedTags: [...input.tags] };
}

async function searchRows(db: MemoryDatabase, dialect: StoreDialect, query: SearchQuery, filter: NoteFilter): Promise<NoteRow[]> {
  const tagFilter = hasTags(filter) ? sql`AND n.number IN (${taggedNumbers(filter.tags)})` : sql``;
  if (dialect === 'sqlite') {
    // bm25() is lower for better matches; its negation reads as "higher is better", as ts_rank does.
    const result = await sql<NoteRow>`
      SELECT n.number, n.text, n.created_at, n.updated_at, -bm25(memory_notes_fts) AS score
      FROM memory_notes_fts JOIN memory_notes n ON n.number = memory_notes_fts.rowid
      WHERE memory_notes_fts MATCH ${toFts5Query(query)} ${tagFilter}
      ORDER BY score DESC, n.number DESC
      LIMIT ${filter.limit}`.execute(db);
    return result.rows;
  }
  const result = await sql<NoteRow>`
    SELECT n.number, n.text, n.created_at, n.updated_at, ts_rank(n.search_vector, q.query) AS score
    FROM memory_notes n CROSS JOIN to_tsquery('simple', ${toTsQuery(query)}) AS q(query)
    WHERE n.search_vector @@ q.query ${tagFilter}
    ORDER BY score DESC, n.number DESC
    LIMIT ${filter.limit}`.execute(db);
  return result.rows;
}

function hasTags(filter: NoteFilter): filter is NoteFilter & { tags: readonly string[] } {
  return filter.tags !== undefined && filter.tags.length > 0;
}

/** The numbers of the notes that carry every one of the tags. */
function taggedNumbers(tags: readonly string[]): RawBuilder<unknown> {
  return sql`SELECT note_number FROM memory_note_tags WHERE tag IN (${sql.join(tags)}) GROUP BY note_number HAVING COUNT(*) = ${tags.length}`;
}

/** The rows as notes, with their tags in the order given, read in one query. */
async function withTags(db: MemoryDatabase, rows: readonly NoteRow[]): Promise<Note[]> {
  const tagsByNumber = await readTags(db, rows.map((row) => Number(row.number)));
  return rows.map((row) => {
    const note: Note = { id: noteIdFromNumber(Number(row.number)), text: row.text, tags: tagsByNumber.get(Number(row.number)) ?? [], createdAt: row.created_at };
    if (row.updated_at !== null) note.updatedAt = row.updated_at;
    if (row.score !== undefined) note.score = Number(Number(row.score).toPrecision(4));
    return note;
  });
}
