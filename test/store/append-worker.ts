// A separate process that appends events to one run: `node --import tsx append-worker.ts <db> <run> <n> <tag>`.
import { openStore } from '../../src/store/store.ts';

const [path, runId, count, tag] = process.argv.slice(2) as [string, string, string, string];
const store = await openStore({ dialect: 'sqlite', path });
for (let index = 0; index < Number(count); index += 1) {
  await store.journal.append(runId, { type: 'warning', payload: { code: 'probe', message: `${tag}-${index}` } });
}
await store.close();
