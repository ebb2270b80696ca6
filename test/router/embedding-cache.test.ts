import { describe, expect, it } from 'vitest';
import { createEmbeddingCache } from '../../src/router/embedding-cache.ts';
import { noticePostgresSkipped, testDatabaseUrl } from '../support/postgres.ts';
import { openTemporaryPostgresStore, openTemporarySqliteStore, type TestStore } from '../support/test-stores.ts';

noticePostgresSkipped();

const dialects: Array<{ name: string; skip: boolean; open: () => Promise<TestStore> }> = [
  { name: 'sqlite', skip: false, open: () => openTemporarySqliteStore() },
  { name: 'postgres', skip: testDatabaseUrl === undefined, open: () => openTemporaryPostgresStore(2) },
];

for (const dialect of dialects) {
  describe.skipIf(dialect.skip)(`the embedding cache (${dialect.name})`, () => {
    it('finds what was saved, per model and exact text; a second save of a text keeps the first vector', async () => {
      const { store, cleanUp } = await dialect.open();
      try {
        const cache = createEmbeddingCache(store);
        const texts = Array.from({ length: 700 }, (_, index) => `text ${index}`);
        await cache.save('m1', new Map(texts.map((text, index) => [text, [index, 0.5, -1.25]])));
        await cache.save('m1', new Map([['text 3', [9, 9, 9]], ['new', [1]]]));
        const found = await cache.find('m1', [...texts, 'new', 'absent', 'text 3']);
        expect(found.size).toBe(701);
        expect(found.get('text 3')).toEqual([3, 0.5, -1.25]);
        expect(found.get('text 699')).toEqual([699, 0.5, -1.25]);
        expect(found.has('absent')).toBe(false);
        expect((await cache.find('m2', texts)).size).toBe(0);
      } finally {
        await store.close();
        await cleanUp();
      }
    });
  });
}
