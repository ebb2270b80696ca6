import type { Clock } from '../../core/clock.ts';
import type { Store } from '../../store/store.ts';
import { readOwnerState } from './run-ownership.ts';

export interface ReplacementChild {
  /** The child run that does the resumed attempt's work. */
  childRunId: string;
  /** The cut-off child run it supersedes (journalled `run-supersede`, now `superseded`). */
  supersedes?: string;
}

/**
 * The child run for an agent step that a crash cut off and a resumed run does again. The cut-off
 * child never ended (its process died: it reads `interrupted`); it is journalled `run-supersede` by
 * the new child, so it reads `superseded` and `nova runs list --status interrupted` keeps only what
 * still needs someone. So are its own unfinished child runs (delegations), which the new attempt does
 * again too. A child that ended (failed, cancelled) keeps its outcome; one a live process still
 * executes is left alone. The supersede is journalled before the step-start that names the new child:
 * after a crash in between, the next resume finds the successor named and starts that very run.
 */
export async function replaceCutOffChild(options: { store: Store; cutOff: string | undefined; parentRunId: string; path: string; newRunId: () => string; clock: Clock }): Promise<ReplacementChild> {
  const { store, cutOff } = options;
  if (cutOff === undefined) return { childRunId: options.newRunId() };
  const child = await store.runs.get(cutOff);
  if (child === undefined) return { childRunId: options.newRunId() };
  if (child.status === 'superseded' && child.supersededBy !== null && (await store.runs.get(child.supersededBy)) === undefined) {
    await supersedeUnfinishedChildren(store, cutOff, child.supersededBy, options);
    return { childRunId: child.supersededBy, supersedes: cutOff };
  }
  if (child.endedAt !== null || (await readOwnerState(store, cutOff)).kind === 'live') return { childRunId: options.newRunId() };
  const childRunId = options.newRunId();
  await supersedeUnfinishedChildren(store, cutOff, childRunId, options);
  // The cut-off run last: once it reads superseded, its children are too (see the re-use above).
  await supersede(store, cutOff, childRunId, options);
  return { childRunId, supersedes: cutOff };
}

async function supersedeUnfinishedChildren(store: Store, runId: string, by: string, options: { parentRunId: string; path: string; clock: Clock }): Promise<void> {
  for (const child of await store.runs.list({ parentRunId: runId, limit: 10_000 })) {
    if (child.endedAt !== null) continue;
    await supersedeUnfinishedChildren(store, child.id, by, options);
    await supersede(store, child.id, by, options);
  }
}

async function supersede(store: Store, runId: string, by: string, options: { parentRunId: string; path: string; clock: Clock }): Promise<void> {
  await store.journal.append(
    runId,
    { type: 'run-supersede', payload: { by, reason: `pipeline run ${options.parentRunId} resumed step ${options.path} after a crash; ${by} does its work again` } },
    { at: options.clock.now() },
  );
}
