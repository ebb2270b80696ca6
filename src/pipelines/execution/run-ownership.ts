import { NovaError } from '../../core/errors.ts';
import type { RunOwner } from '../../core/run.ts';
import { currentOwner, isOwnerAlive } from '../../store/owner-liveness.ts';
import type { Store } from '../../store/store.ts';
import { toStoreError } from '../../store/store-error.ts';

/** Pipeline runs this process is executing right now (a run owned by this process but not here has lost its executor). */
const executing = new Set<string>();

export function markExecuting(runId: string): void {
  executing.add(runId);
}

export function markStopped(runId: string): void {
  executing.delete(runId);
}

export function isExecutingHere(runId: string): boolean {
  return executing.has(runId);
}

export type OwnerState = { kind: 'none' } | { kind: 'live'; owner: RunOwner } | { kind: 'dead'; owner: RunOwner };

interface OwnerRow {
  owner_host: string | null;
  owner_pid: number | null;
  lease_expires_at: string | null;
}

async function readOwnerRow(store: Store, runId: string): Promise<OwnerRow> {
  const row = await store.db.selectFrom('runs').select(['owner_host', 'owner_pid', 'lease_expires_at']).where('id', '=', runId).executeTakeFirst();
  if (row === undefined) {
    throw new NovaError({ code: 'run_not_found', fault: 'user', message: `No run ${runId}`, hint: 'List runs with `nova runs list`.', runId });
  }
  return row;
}

function ownerState(row: OwnerRow, runId: string, now: Date): OwnerState {
  if (row.owner_host === null || row.owner_pid === null) return { kind: 'none' };
  const owner = { host: row.owner_host, pid: Number(row.owner_pid) };
  const self = currentOwner();
  // This process owns it but no executor here runs it: the executor stopped without ending the run.
  if (owner.host === self.host && owner.pid === self.pid) return executing.has(runId) ? { kind: 'live', owner } : { kind: 'dead', owner };
  return isOwnerAlive(owner, row.lease_expires_at, now) ? { kind: 'live', owner } : { kind: 'dead', owner };
}

/** Who executes a run: nobody (it waits, parked), a live process, or a dead one. */
export async function readOwnerState(store: Store, runId: string, now: Date = new Date()): Promise<OwnerState> {
  try {
    return ownerState(await readOwnerRow(store, runId), runId, now);
  } catch (error) {
    throw toStoreError(error, `reading the owner of run ${runId}`, store.location);
  }
}

/**
 * Makes this process the owner of a run that nobody executes (its owner died, or it was parked
 * waiting for an approval). Compare-and-set on the owner it found, so of two processes resuming the
 * same run at once exactly one wins; the other gets an error naming the winner.
 */
export async function claimRun(store: Store, runId: string, leaseExpiresAt: Date, now: Date = new Date()): Promise<void> {
  const row = await readOwnerRow(store, runId).catch((error: unknown) => {
    throw toStoreError(error, `reading the owner of run ${runId}`, store.location);
  });
  const state = ownerState(row, runId, now);
  if (state.kind === 'live') throw stillRunning(runId, state.owner);
  const self = currentOwner();
  let update = store.db
    .updateTable('runs')
    .set({ owner_host: self.host, owner_pid: self.pid, lease_expires_at: leaseExpiresAt.toISOString() })
    .where('id', '=', runId);
  update = row.owner_host === null ? update.where('owner_host', 'is', null) : update.where('owner_host', '=', row.owner_host);
  update = row.owner_pid === null ? update.where('owner_pid', 'is', null) : update.where('owner_pid', '=', Number(row.owner_pid));
  let claimed: number;
  try {
    claimed = Number((await update.executeTakeFirst()).numUpdatedRows);
  } catch (error) {
    throw toStoreError(error, `claiming run ${runId}`, store.location);
  }
  if (claimed !== 1) {
    const current = await readOwnerState(store, runId);
    throw stillRunning(runId, current.kind === 'none' ? null : current.owner);
  }
  executing.add(runId);
}

/**
 * Lets go of a run that now waits for people (an approval): nobody owns it, so it reads `waiting`,
 * not `interrupted`. Only if nothing was journalled after `lastSeq` (an approval that came in
 * meanwhile must be seen by this executor): returns false then, and the run stays owned.
 */
export async function releaseRun(store: Store, runId: string, lastSeq: number): Promise<boolean> {
  const self = currentOwner();
  try {
    const result = await store.db
      .updateTable('runs')
      .set({ owner_host: null, owner_pid: null, lease_expires_at: null })
      .where('id', '=', runId)
      .where('last_seq', '=', lastSeq)
      .where('owner_host', '=', self.host)
      .where('owner_pid', '=', self.pid)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  } catch (error) {
    throw toStoreError(error, `releasing run ${runId}`, store.location);
  }
}

/**
 * Lets go of a pipeline run that has ended: its process may live on (`nova serve`), and a later
 * `nova runs resume` from another process must not take that for a run still being executed.
 */
export async function releaseEndedRun(store: Store, runId: string): Promise<void> {
  const self = currentOwner();
  try {
    await store.db
      .updateTable('runs')
      .set({ owner_host: null, owner_pid: null, lease_expires_at: null })
      .where('id', '=', runId)
      .where('ended_at', 'is not', null)
      .where('owner_host', '=', self.host)
      .where('owner_pid', '=', self.pid)
      .execute();
  } catch (error) {
    throw toStoreError(error, `releasing the ended run ${runId}`, store.location);
  }
}

function stillRunning(runId: string, owner: RunOwner | null): NovaError {
  return new NovaError({
    code: 'input_invalid',
    fault: 'user',
    message: `Run ${runId} is being executed${owner === null ? ' by another process' : ` by process ${owner.pid} on ${owner.host}`}; it cannot be resumed twice`,
    hint: 'Wait for it to end (`nova runs show <id>`), or stop that process first.',
    runId,
  });
}
