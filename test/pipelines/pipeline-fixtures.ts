import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Journal } from '../../src/store/journal.ts';
import type { Store } from '../../src/store/store.ts';

/** A TypeScript code agent that appends its name to a file: each line is one execution. */
export const tallyAgent = `import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
export default ({ defineAgent, z }) =>
  defineAgent({
    id: 'tally',
    name: 'Tally',
    category: 'test',
    engine: 'code',
    description: 'Appends its name to a log file, once per execution.',
    samples: ['tally this', 'count an execution', 'append to the log'],
    input: z.object({ name: z.string(), log: z.string(), failOnce: z.string().optional(), holdOnce: z.string().optional() }),
    output: z.object({ name: z.string() }),
    handler: async ({ name, log, failOnce, holdOnce }) => {
      appendFileSync(log, name + '\\n');
      // holdOnce names a marker file: the first execution creates it and never returns (until the
      // process is killed), later ones go on.
      if (holdOnce !== undefined && !existsSync(holdOnce)) {
        writeFileSync(holdOnce, 'holding');
        await new Promise(() => setInterval(() => undefined, 60_000));
      }
      // failOnce names a marker file: the first execution creates it and fails, later ones succeed.
      if (failOnce !== undefined && !existsSync(failOnce)) {
        writeFileSync(failOnce, 'failed once');
        throw new Error('the ledger is locked (first try)');
      }
      return { name };
    },
  });
`;

/** A Nova home with the tally agent and the given pipelines. */
export function writeHome(home: string, pipelines: Record<string, string>): void {
  mkdirSync(join(home, 'agents'), { recursive: true });
  mkdirSync(join(home, 'pipelines'), { recursive: true });
  writeFileSync(join(home, 'agents', 'tally.agent.mts'), tallyAgent);
  for (const [id, yaml] of Object.entries(pipelines)) writeFileSync(join(home, 'pipelines', `${id}.yaml`), yaml);
}

/** The pid of a process that has ended: a run owned by it reads as interrupted. */
export function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

/**
 * The store as a process that dies after its `limit`-th journal write sees it: every write after
 * that fails, so the run is left exactly as a crash at that boundary leaves it.
 */
export function crashingStore(store: Store, limit: number): { store: Store; writes: () => number; settled: () => Promise<void> } {
  let writes = 0;
  const inFlight = new Set<Promise<unknown>>();
  const guard = <Value>(work: () => Promise<Value>): Promise<Value> => {
    if (writes >= limit) return Promise.reject(new Error(`simulated crash after ${limit} journal writes`));
    writes += 1;
    const pending = work();
    inFlight.add(pending);
    void pending.then(
      () => inFlight.delete(pending),
      () => inFlight.delete(pending),
    );
    return pending;
  };
  const journal: Journal = {
    start: (run, events) => guard(() => store.journal.start(run, events)),
    appendMany: (runId, events, known) => guard(() => store.journal.appendMany(runId, events, known)),
    append: (runId, event, options) => guard(() => store.journal.append(runId, event, options)),
    read: (runId, options) => store.journal.read(runId, options),
  };
  return {
    store: { ...store, journal, dialect: store.dialect, location: store.location, db: store.db, runs: store.runs, schemaVersion: () => store.schemaVersion(), close: () => store.close() },
    writes: () => writes,
    /**
     * Waits for the writes that went out before the crash. In this process (unlike a dead one) the
     * work they let through (a handler whose run had started) still happens: it is done once this resolves.
     */
    async settled() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      await new Promise((resolve) => setTimeout(resolve, 10));
    },
  };
}

/**
 * A pipeline of two tally steps, the second after the first (given a "marker" file, the second fails
 * the first time and succeeds after, or with `markerUse: 'holdOnce'` hangs the first time: see
 * tallyAgent), with the given `outputs` line.
 */
export function countingPipeline(outputs: string, markerUse: 'failOnce' | 'holdOnce' = 'failOnce'): string {
  return `
id: counting
description: counts two steps, the second after the first
inputs:
  log: { type: string }
  marker: { type: string, required: false }
steps:
  - id: first
    agent: tally
    input: { name: first, log: "\${{ inputs.log }}" }
  - id: second
    needs: [first]
    agent: tally
    input: { name: second, log: "\${{ inputs.log }}", ${markerUse}: "\${{ inputs.marker }}" }
outputs: ${outputs}
`;
}
