import type { Insertable, Selectable } from 'kysely';
import type { RunKind } from '../core/run.ts';
import type { RunProjection } from '../core/run-state.ts';
import type { RunStatus } from '../core/run.ts';
import { emptyUsage } from '../core/usage.ts';
import type { RunsTable } from './database-schema.ts';

export interface CreateRunInput {
  id: string;
  kind: RunKind;
  agentId: string | null;
  /** What the run runs (a pipeline id for pipeline runs); default the agent id. */
  target?: string | null;
  parentRunId?: string | null;
  input: unknown;
  createdAt?: Date;
  /** Set when the run starts at once in this process (see `RunsRepository.renewLease`). */
  leaseExpiresAt?: Date;
}

/** The columns of the runs row that hold the journal's projection. */
export const projectionColumns = ['status', 'output', 'error', 'usage', 'warning_count', 'started_at', 'ended_at', 'superseded_by'] as const;

type ProjectionRow = Pick<Selectable<RunsTable>, (typeof projectionColumns)[number]>;

export function projectionFromRow(row: ProjectionRow): RunProjection {
  return {
    status: row.status as RunStatus,
    output: row.output === null ? null : (JSON.parse(row.output) as unknown),
    error: row.error === null ? null : (JSON.parse(row.error) as RunProjection['error']),
    usage: JSON.parse(row.usage) as RunProjection['usage'],
    warningCount: Number(row.warning_count),
    startedAt: row.started_at,
    endedAt: row.ended_at,
    supersededBy: row.superseded_by,
  };
}

/** Rows of the runs table, written in one place. */
export const runRow = {
  create(input: CreateRunInput): Insertable<RunsTable> {
    return {
      id: input.id,
      kind: input.kind,
      agent_id: input.agentId,
      target: input.target ?? input.agentId,
      parent_run_id: input.parentRunId ?? null,
      status: 'queued',
      input: JSON.stringify(input.input ?? null),
      output: null,
      error: null,
      usage: JSON.stringify(emptyUsage),
      created_at: (input.createdAt ?? new Date()).toISOString(),
      started_at: null,
      ended_at: null,
      superseded_by: null,
      owner_host: null,
      owner_pid: null,
      lease_expires_at: input.leaseExpiresAt?.toISOString() ?? null,
    };
  },

  /** The projection columns that differ between two projections (fewer columns, fewer index writes). */
  changedProjection(before: RunProjection, after: RunProjection): Partial<Pick<Insertable<RunsTable>, (typeof projectionColumns)[number]>> {
    const changed: Partial<Pick<Insertable<RunsTable>, (typeof projectionColumns)[number]>> = {};
    if (before === after) return changed;
    if (before.status !== after.status) changed.status = after.status;
    if (before.output !== after.output) changed.output = JSON.stringify(after.output ?? null);
    if (before.error !== after.error) changed.error = after.error === null ? null : JSON.stringify(after.error);
    if (before.usage !== after.usage) changed.usage = JSON.stringify(after.usage);
    if (before.warningCount !== after.warningCount) changed.warning_count = after.warningCount;
    if (before.startedAt !== after.startedAt) changed.started_at = after.startedAt;
    if (before.endedAt !== after.endedAt) changed.ended_at = after.endedAt;
    if (before.supersededBy !== after.supersededBy) changed.superseded_by = after.supersededBy;
    return changed;
  },
};
