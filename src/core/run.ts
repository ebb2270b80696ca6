import type { SerializedError } from './errors.ts';
import type { Usage } from './usage.ts';

export const runKinds = ['agent', 'pipeline', 'chat'] as const;
export type RunKind = (typeof runKinds)[number];

export const runStatuses = [
  'queued',
  'running',
  'waiting',
  'succeeded',
  'failed',
  'cancelled',
  /** Its owner process died before the run ended. */
  'interrupted',
  /**
   * It was cut off (its process died) and the work was done again by another run: the resumed
   * pipeline step's new child run, named by `supersededBy`. Nothing is left to do about it.
   */
  'superseded',
] as const;
export type RunStatus = (typeof runStatuses)[number];

export const finalRunStatuses: readonly RunStatus[] = ['succeeded', 'failed', 'cancelled', 'superseded'];

/** The process that executes a run. Same host: liveness is checked at once by pid; elsewhere by lease. */
export interface RunOwner {
  host: string;
  pid: number;
  /** The Nova that executes it (absent in journals written before it was recorded). */
  novaVersion?: string;
}

export interface RunRecord {
  id: string;
  kind: RunKind;
  agentId: string | null;
  /** What the run runs: the agent id of an agent run, the pipeline id of a pipeline run. */
  target: string | null;
  parentRunId: string | null;
  status: RunStatus;
  input: unknown;
  output: unknown;
  error: SerializedError | null;
  warningCount: number;
  usage: Usage;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  /** The run that does this run's work again, when its status is `superseded`. */
  supersededBy: string | null;
  owner: RunOwner | null;
  leaseExpiresAt: string | null;
}
