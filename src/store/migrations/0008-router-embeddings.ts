import type { Migration } from '../migrations.ts';

/**
 * Embedding vectors the router asked a provider for (`router.embeddings.model`), per model and text:
 * an agent's samples are embedded once, not on every request. The vector is JSON (an array of numbers).
 */
export const routerEmbeddings: Migration = {
  version: 8,
  name: 'router embeddings',
  async up(db) {
    await db.schema
      .createTable('router_embeddings')
      .addColumn('model', 'text', (column) => column.notNull())
      .addColumn('text', 'text', (column) => column.notNull())
      .addColumn('vector', 'text', (column) => column.notNull())
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('router_embeddings_pk', ['model', 'text'])
      .execute();
  },
};
