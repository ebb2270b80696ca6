import type { Store } from '../store/store.ts';
import { storeOperations } from '../store/store-error.ts';

interface RouterEmbeddingsTable {
  model: string;
  text: string;
  vector: string;
  created_at: string;
}

/** Texts per query: well under SQLite's and PostgreSQL's limits on bound parameters. */
const chunkSize = 500;

/** The embedding vectors already fetched, per model and exact text (`router_embeddings`). */
export function createEmbeddingCache(store: Store) {
  const db = store.db.withTables<{ router_embeddings: RouterEmbeddingsTable }>();
  const wrap = storeOperations(store.location);
  return {
    /** The cached vectors of those texts that have one. */
    find: (model: string, texts: readonly string[]): Promise<Map<string, number[]>> =>
      wrap('reading cached embeddings', async () => {
        const found = new Map<string, number[]>();
        const unique = [...new Set(texts)];
        for (let start = 0; start < unique.length; start += chunkSize) {
          const rows = await db
            .selectFrom('router_embeddings')
            .select(['text', 'vector'])
            .where('model', '=', model)
            .where('text', 'in', unique.slice(start, start + chunkSize))
            .execute();
          for (const row of rows) found.set(row.text, JSON.parse(row.vector) as number[]);
        }
        return found;
      }),
    /** Stores vectors; a text already cached for the model keeps its first vector (another process may have raced us). */
    save: (model: string, vectors: ReadonlyMap<string, readonly number[]>): Promise<void> =>
      wrap('caching embeddings', async () => {
        const createdAt = new Date().toISOString();
        const rows = [...vectors].map(([text, vector]) => ({ model, text, vector: JSON.stringify(vector), created_at: createdAt }));
        for (let start = 0; start < rows.length; start += chunkSize / 4) {
          await db
            .insertInto('router_embeddings')
            .values(rows.slice(start, start + chunkSize / 4))
            .onConflict((conflict) => conflict.columns(['model', 'text']).doNothing())
            .execute();
        }
      }),
  };
}

export type EmbeddingCache = ReturnType<typeof createEmbeddingCache>;
