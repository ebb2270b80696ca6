import { newId } from '../core/ids.ts';
import type { Store } from '../store/store.ts';
import { storeOperations } from '../store/store-error.ts';

interface RouterFeedbackTable {
  id: string;
  run_id: string | null;
  text: string;
  agent_id: string;
  created_at: string;
}

export interface RouterFeedback {
  id: string;
  runId: string | null;
  text: string;
  agentId: string;
  createdAt: string;
}

/** The requests users said belong to an agent; the router's index learns them at once. */
export function createFeedbackRepository(store: Store) {
  const db = store.db.withTables<{ router_feedback: RouterFeedbackTable }>();
  const wrap = storeOperations(store.location);
  return {
    add: (feedback: { runId: string | null; text: string; agentId: string }): Promise<RouterFeedback> =>
      wrap('recording routing feedback', async () => {
        const row = { id: newId('fb'), run_id: feedback.runId, text: feedback.text, agent_id: feedback.agentId, created_at: new Date().toISOString() };
        await db.insertInto('router_feedback').values(row).execute();
        return { id: row.id, runId: row.run_id, text: row.text, agentId: row.agent_id, createdAt: row.created_at };
      }),
    list: (): Promise<RouterFeedback[]> =>
      wrap('reading routing feedback', async () => {
        const rows = await db.selectFrom('router_feedback').selectAll().orderBy('created_at').execute();
        return rows.map((row) => ({ id: row.id, runId: row.run_id, text: row.text, agentId: row.agent_id, createdAt: row.created_at }));
      }),
  };
}
