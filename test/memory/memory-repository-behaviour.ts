import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { isNovaError } from '../../src/core/errors.ts';
import { performMemoryRequest } from '../../src/domains/memory/memory-actions.ts';
import { resolveMemoryRequest } from '../../src/domains/memory/memory-input.ts';
import { createMemoryRepository, type MemoryRepository } from '../../src/domains/memory/memory-repository.ts';
import type { MemoryTables } from '../../src/domains/memory/memory-tables.ts';
import { buildSearchQuery } from '../../src/domains/memory/search-query.ts';
import type { Store } from '../../src/store/store.ts';
import { steppingClock } from '../support/stepping-clock.ts';

export interface MemoryStoreFixture {
  open(): Promise<Store>;
  cleanUp(): Promise<void>;
}

const search = (text: string, match: 'any' | 'all' = 'any') => {
  const query = buildSearchQuery(text, match);
  if (query === undefined) throw new Error(`no search in "${text}"`);
  return query;
};

/** The memory repository's behaviour, whatever database holds the notes. */
export function describeMemoryRepository(name: string, makeFixture: () => MemoryStoreFixture): void {
  describe(`memory repository: ${name}`, () => {
    let fixture: MemoryStoreFixture;
    let store: Store;
    let memory: MemoryRepository;

    beforeEach(async () => {
      fixture = makeFixture();
      store = await fixture.open();
      memory = createMemoryRepository(store, { clock: steppingClock(Date.UTC(2025, 0, 10, 9, 0, 0)) });
    });

    afterEach(async () => {
      await store.close();
      await fixture.cleanUp();
    });

    const remember = (text: string, tags: string[] = []) => memory.remember({ text, tags });

    it('stores a note with a short id, its tags in order and its creation time, and reads it back', async () => {
      const first = await remember('My passport expires in March', ['travel', 'documents']);
      const second = await remember('Dentist on Friday at 3pm');
      expect(first).toMatchObject({ created: true, addedTags: ['travel', 'documents'] });
      expect(first.note).toEqual({ id: 'n1', text: 'My passport expires in March', tags: ['travel', 'documents'], createdAt: '2025-01-10T09:00:00.000Z' });
      expect(second.note.id).toBe('n2');
      expect(await memory.get([2, 1, 99])).toEqual([second.note, first.note]);
    });

    it('keeps one note for the same text, adding new tags and marking it updated', async () => {
      await remember('Buy milk', ['home']);
      const again = await remember('  buy   MILK. ', ['errands', 'home']);
      expect(again.created).toBe(false);
      expect(again.addedTags).toEqual(['errands']);
      expect(again.note).toMatchObject({ id: 'n1', text: 'Buy milk', tags: ['home', 'errands'], updatedAt: '2025-01-10T09:01:00.000Z' });
      const unchanged = await remember('Buy milk', ['home']);
      expect(unchanged).toMatchObject({ created: false, addedTags: [] });
      expect((await memory.list({ limit: 10 })).total).toBe(1);
      // The added tag is searchable: the index was updated with the note.
      expect((await memory.search(search('errands'), { limit: 10 })).map((note) => note.id)).toEqual(['n1']);
    });

    it('keeps one note when the same text is remembered concurrently', async () => {
      const results = await Promise.all(Array.from({ length: 8 }, (_, index) => remember('The boiler was serviced in May', [`tag${index % 3}`])));
      expect(results.filter((result) => result.created)).toHaveLength(1);
      expect(new Set(results.map((result) => result.note.id))).toEqual(new Set(['n1']));
      const [note] = await memory.get([1]);
      expect(note?.tags.slice().sort()).toEqual(['tag0', 'tag1', 'tag2']);
      for (const tag of ['tag0', 'tag1', 'tag2']) expect((await memory.search(search(tag), { limit: 10 })).map((found) => found.id), tag).toEqual(['n1']);
    });

    it('takes a note to be its text without tags: "x #a", "x #b" and "x" are one note with the tags a and b', async () => {
      const run = (text: string) => performMemoryRequest(memory, resolveMemoryRequest({ text }));
      const first = await run('remember x #a');
      const second = await run('remember x #b');
      const third = await run('remember  X.');
      expect([first.created, second.created, third.created]).toEqual([true, false, false]);
      expect(second.message).toContain('added tags: b');
      expect(third.notes).toEqual([expect.objectContaining({ id: 'n1', text: 'x #a', tags: ['a', 'b'] })]);
      expect((await memory.list({ limit: 10 })).total).toBe(1);
      // The tags clause of the grammar and an explicit tag list are tags too; a `#` that is no tag is text.
      expect((await run('remember x (tags: c)')).created).toBe(false);
      expect((await memory.remember({ text: '#b x', tags: ['d'] })).note).toMatchObject({ id: 'n1', tags: ['a', 'b', 'c', 'd'] });
      expect((await remember('x #12')).created).toBe(true);
      // A note of tags alone is not every other such note.
      expect((await remember('#passport', ['passport'])).created).toBe(true);
      expect((await remember('#visa', ['visa'])).created).toBe(true);
      expect((await memory.list({ limit: 10 })).total).toBe(4);
    });

    it('merges the notes an older key told apart when it first opens them (schema 0009), keeping the oldest', async () => {
      const db = store.db.withTables<MemoryTables>();
      const insertOld = async (number: number, text: string, tags: string[], createdAt: string) => {
        await db
          .insertInto('memory_notes')
          .values({ text, text_key: `old-key-${number}`, text_key_version: 1, search_text: text, search_version: 1, created_at: createdAt, updated_at: null })
          .execute();
        if (tags.length > 0) await db.insertInto('memory_note_tags').values(tags.map((tag, position) => ({ note_number: number, tag, position }))).execute();
      };
      await insertOld(1, 'x #a', ['a'], '2024-01-01T00:00:00.000Z');
      await insertOld(2, 'Other #a', ['a'], '2024-01-02T00:00:00.000Z');
      await insertOld(3, 'x #b #a', ['b', 'a'], '2024-01-03T00:00:00.000Z');
      await insertOld(4, 'X.', [], '2024-01-04T00:00:00.000Z');

      const reopened = createMemoryRepository(store, { clock: steppingClock(Date.UTC(2025, 0, 10, 9, 0, 0)) });
      const { notes, total } = await reopened.list({ limit: 10 });
      expect(total).toBe(2);
      expect(notes).toEqual([
        { id: 'n2', text: 'Other #a', tags: ['a'], createdAt: '2024-01-02T00:00:00.000Z' },
        { id: 'n1', text: 'x #a', tags: ['a', 'b'], createdAt: '2024-01-01T00:00:00.000Z', updatedAt: '2024-01-04T00:00:00.000Z' },
      ]);
      expect((await reopened.search(search('b'), { limit: 10 })).map((note) => note.id)).toEqual(['n1']);
      expect(await reopened.remember({ text: 'x', tags: ['c'] })).toMatchObject({ created: false, addedTags: ['c'], note: { id: 'n1' } });
      const versions = await db.selectFrom('memory_notes').select('text_key_version').execute();
      expect(versions.map((row) => Number(row.text_key_version))).toEqual([2, 2]);
      // The rows are current now: another repository finds nothing left to merge and the same notes.
      expect((await createMemoryRepository(store).list({ limit: 10 })).notes.map((note) => note.id)).toEqual(['n2', 'n1']);
    });

    it('ranks the note that matches more of the query words first, each with a score', async () => {
      await remember('Lisbon: the restaurant list from Ana');
      await remember('Trip to Lisbon: hotel booked near Alfama, flight on May 3');
      await remember('Dentist appointment moved to Thursday');
      await remember('Car insurance renews in June');
      await remember('Trip to Porto in the autumn');
      await remember('Passport expires in March');
      const found = await memory.search(search('what about the lisbon trip hotel'), { limit: 10 });
      expect(found[0]?.text).toBe('Trip to Lisbon: hotel booked near Alfama, flight on May 3');
      expect(found.slice(1).map((note) => note.text).sort()).toEqual(['Lisbon: the restaurant list from Ana', 'Trip to Porto in the autumn']);
      const scores = found.map((note) => note.score ?? Number.NaN);
      expect(scores.every((score) => score > 0)).toBe(true);
      expect(scores[0]).toBeGreaterThan(scores[1]!);
    });

    it('finds words whatever their case, accents and English endings', async () => {
      await remember('PASSPORTS of the whole family are in the safe');
      await remember('We are travelling to Lisbon in May');
      await remember('Café Nicola has the best pastéis');
      await remember('Booked the parties for the holidays');
      const ids = async (text: string) => (await memory.search(search(text), { limit: 10 })).map((note) => note.id);
      expect(await ids('passport')).toEqual(['n1']);
      expect(await ids('Travel')).toEqual(['n2']);
      expect(await ids('travelled')).toEqual(['n2']);
      expect(await ids('cafe pasteis')).toEqual(['n3']);
      expect(await ids('CAFÉ')).toEqual(['n3']);
      expect(await ids('party')).toEqual(['n4']);
      expect(await ids('booking')).toEqual(['n4']);
      expect(await ids('submarine')).toEqual([]);
    });

    it('does not stem words of other languages away: they match by their own words', async () => {
      await remember('Não esquecer: renovar o passaporte em março');
      await remember('Termin beim Zahnarzt am Donnerstag');
      const ids = async (text: string) => (await memory.search(search(text), { limit: 10 })).map((note) => note.id);
      expect(await ids('passaporte')).toEqual(['n1']);
      expect(await ids('marco')).toEqual(['n1']);
      expect(await ids('zahnarzt')).toEqual(['n2']);
      expect(await ids('donnerstag termin')).toEqual(['n2']);
    });

    it('searches with every word required when asked (as forget does)', async () => {
      await remember('Dentist appointment on Friday');
      await remember('Car service appointment on Monday');
      const all = await memory.search(search('dentist appointment', 'all'), { limit: 10 });
      expect(all.map((note) => note.id)).toEqual(['n1']);
      const any = await memory.search(search('dentist appointment', 'any'), { limit: 10 });
      expect(any.map((note) => note.id)).toEqual(['n1', 'n2']);
    });

    it('filters by tags (every tag required), with and without a search, and indexes tags as words', async () => {
      await remember('Lisbon hotel booked', ['travel', 'lisbon']);
      await remember('Porto train tickets', ['travel']);
      await remember('Renew the lease', ['home']);
      const listed = await memory.list({ tags: ['travel'], limit: 10 });
      expect(listed.notes.map((note) => note.id)).toEqual(['n2', 'n1']);
      expect(listed.total).toBe(2);
      expect((await memory.list({ tags: ['travel', 'lisbon'], limit: 10 })).notes.map((note) => note.id)).toEqual(['n1']);
      expect((await memory.list({ tags: ['nothing'], limit: 10 })).total).toBe(0);
      expect((await memory.search(search('tickets hotel'), { tags: ['travel'], limit: 10 })).length).toBe(2);
      expect((await memory.search(search('hotel'), { tags: ['home'], limit: 10 })).length).toBe(0);
      // A tag is a word of the note for the search too.
      expect((await memory.search(search('home'), { limit: 10 })).map((note) => note.id)).toEqual(['n3']);
    });

    it('lists newest first with a limit and the total', async () => {
      for (const text of ['one fact', 'two facts', 'three facts']) await remember(text);
      const page = await memory.list({ limit: 2 });
      expect(page.notes.map((note) => note.text)).toEqual(['three facts', 'two facts']);
      expect(page.total).toBe(3);
    });

    it('forgets by number, removing the notes from search and tags, and never reuses their ids', async () => {
      await remember('Dentist on Friday', ['health']);
      await remember('Gym on Monday', ['health']);
      const removed = await memory.forget([1], { requireAll: true });
      expect(removed.map((note) => [note.id, note.tags])).toEqual([['n1', ['health']]]);
      expect(await memory.get([1])).toEqual([]);
      expect(await memory.search(search('dentist'), { limit: 10 })).toEqual([]);
      expect((await memory.list({ tags: ['health'], limit: 10 })).notes.map((note) => note.id)).toEqual(['n2']);
      await memory.forget([2], { requireAll: true });
      expect((await remember('A new fact')).note.id).toBe('n3');
    });

    it('refuses to forget a number with no note, and then forgets nothing', async () => {
      await remember('Dentist on Friday');
      const failure = await memory.forget([1, 7], { requireAll: true }).catch((error: unknown) => error);
      expect(isNovaError(failure) && failure.code).toBe('input_invalid');
      expect(isNovaError(failure) && failure.message).toContain('n7');
      expect((await memory.get([1])).length).toBe(1);
      expect(await memory.forget([1, 7], { requireAll: false })).toHaveLength(1);
    });

    it('keeps the full-text index in step with the notes', async () => {
      await remember('alpha beta');
      await remember('beta gamma', ['delta']);
      await memory.forget([1], { requireAll: true });
      await remember('beta gamma', ['epsilon']);
      const integrity =
        store.dialect === 'sqlite'
          ? await sql`INSERT INTO memory_notes_fts (memory_notes_fts, rank) VALUES ('integrity-check', 1)`.execute(store.db).then(() => 'ok')
          : 'ok';
      expect(integrity).toBe('ok');
      expect((await memory.search(search('beta'), { limit: 10 })).map((note) => note.id)).toEqual(['n2']);
      expect((await memory.search(search('epsilon delta', 'all'), { limit: 10 })).map((note) => note.id)).toEqual(['n2']);
      expect(await memory.search(search('alpha'), { limit: 10 })).toEqual([]);
    });

    describe('forget by search, through the actions of the agent', () => {
      const run = (input: Record<string, unknown>) => performMemoryRequest(memory, resolveMemoryRequest(input));

      it('forgets the one note a search matches, and says which', async () => {
        await remember('Dentist appointment on Friday at 3pm');
        await remember('Car service on Monday');
        const answer = await run({ text: 'forget the note about the dentist' });
        expect(answer).toMatchObject({ action: 'forget', matched: 1, query: 'the dentist' });
        expect(answer.removed?.map((note) => note.id)).toEqual(['n1']);
        expect((await memory.list({ limit: 10 })).notes.map((note) => note.id)).toEqual(['n2']);
      });

      it('lists the candidates and removes nothing when a search matches several notes, until confirmed', async () => {
        await remember('Dentist appointment on Friday');
        await remember('Dentist bill paid');
        await remember('Car service on Monday');
        const unconfirmed = await run({ text: 'forget the note about the dentist' });
        expect(unconfirmed).toMatchObject({ action: 'forget', matched: 2, needsConfirmation: true, removed: [] });
        expect(unconfirmed.candidates?.map((note) => note.id).sort()).toEqual(['n1', 'n2']);
        expect(unconfirmed.message).toContain('nothing was forgotten');
        expect((await memory.list({ limit: 10 })).total).toBe(3);

        const confirmed = await run({ text: 'forget the note about the dentist', confirm: true });
        expect(confirmed.removed?.map((note) => note.id).sort()).toEqual(['n1', 'n2']);
        expect((await memory.list({ limit: 10 })).notes.map((note) => note.id)).toEqual(['n3']);
      });

      it('forgets every match at once when asked for "all notes about"', async () => {
        await remember('Dentist appointment on Friday');
        await remember('Dentist bill paid');
        const answer = await run({ text: 'forget all notes about the dentist' });
        expect(answer.removed).toHaveLength(2);
        expect(answer.needsConfirmation).toBeUndefined();
      });

      it('answers a search with no match as a normal result', async () => {
        await remember('Car service on Monday');
        const answer = await run({ action: 'forget', query: 'dentist' });
        expect(answer).toMatchObject({ action: 'forget', matched: 0, removed: [] });
        expect((await memory.list({ limit: 10 })).total).toBe(1);
      });

      it('forgets by tags with the same confirmation rule', async () => {
        await remember('Gym on Monday', ['health']);
        await remember('Dentist on Friday', ['health']);
        const unconfirmed = await run({ text: 'forget the notes tagged health' });
        expect(unconfirmed.needsConfirmation).toBe(true);
        const confirmed = await run({ action: 'forget', tags: ['health'], confirm: true });
        expect(confirmed.removed).toHaveLength(2);
      });
    });
  });
}
