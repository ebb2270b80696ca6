import { createClient, type Client } from '@libsql/client';
import { Mutex } from './mutex.ts';

/** One SQLite connection, and the mutex that gives it to one statement or transaction at a time. */
export interface SharedConnection {
  client: Client;
  mutex: Mutex;
  /** Closes the connection once its last user releases it. */
  release(): void;
}

const open = new Map<string, { client: Client; mutex: Mutex; users: number }>();

/**
 * The connection to a SQLite file, shared by every store opened on that file in this process.
 *
 * Why shared: libsql runs statements on the calling thread, so a second connection of the same
 * process waiting for the write lock would block the very event loop that the transaction holding the
 * lock needs to finish (a deadlock until the busy timeout). One connection behind one mutex makes
 * transactions of one process queue instead; other processes wait on SQLite's lock as usual.
 */
export async function acquireSqliteConnection(path: string): Promise<SharedConnection> {
  let entry = open.get(path);
  if (entry === undefined) {
    const client = createClient({ url: `file:${path}` });
    // WAL lets readers (`nova runs show`) work while a run writes; NORMAL sync survives a crash of the
    // process (the case that matters here) and is ten times faster per commit than FULL.
    try {
      for (const pragma of ['journal_mode = WAL', 'synchronous = NORMAL', 'foreign_keys = ON', 'busy_timeout = 10000']) {
        await client.execute(`PRAGMA ${pragma}`);
      }
    } catch (error) {
      client.close();
      throw error;
    }
    entry = open.get(path) ?? { client, mutex: new Mutex(), users: 0 };
    if (entry.client !== client) client.close();
    open.set(path, entry);
  }
  entry.users += 1;
  const shared = entry;
  let released = false;
  return {
    client: shared.client,
    mutex: shared.mutex,
    release() {
      if (released) return;
      released = true;
      shared.users -= 1;
      if (shared.users === 0) {
        open.delete(path);
        shared.client.close();
      }
    },
  };
}
