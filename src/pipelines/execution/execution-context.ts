import type { AgentRegistry } from '../../agents/agent-registry.ts';
import type { Environment } from '../../config/nova-home.ts';
import type { Clock } from '../../core/clock.ts';
import type { FileAccess } from '../../core/file-access.ts';
import type { NewEvent } from '../../core/events.ts';
import type { ModelResolver } from '../../models/model-resolver.ts';
import type { RunResult } from '../../runtime/run-agent.ts';
import type { ToolSet } from '../../runtime/tool-execution.ts';
import type { Store } from '../../store/store.ts';
import type { PipelineDefinition } from '../pipeline-definition.ts';
import type { PipelineRegistry } from '../pipeline-registry.ts';
import type { Semaphore } from './concurrency.ts';
import type { PipelineJournal } from './pipeline-journal.ts';
import type { RunMemo } from './run-memo.ts';

/** What pipeline runs need of a Nova: the store, the agents, tools and pipelines, the model resolver. */
export interface PipelineRuntime {
  store: Store;
  agents: AgentRegistry;
  tools: ToolSet;
  pipelines: PipelineRegistry;
  /** For model agents; without it they fail with `model_not_configured`. */
  resolveModel?: ModelResolver;
  /** Where `env.NAME` of expressions is read (only the names the pipeline lists). */
  env: Environment;
  /** Which files the steps' agents may use (the roots, and paths the user allowed for this run). */
  files: FileAccess;
}

/** Something that happened in a pipeline run, for live displays. */
export type PipelineProgress =
  | { type: 'run-begin'; runId: string; pipeline: PipelineDefinition; resumed: boolean }
  | { type: 'event'; runId: string; event: NewEvent; at: Date }
  /** A step (or item) whose recorded outcome a resumed run reuses. */
  | { type: 'step-reuse'; runId: string; stepId: string; path: string; status: 'succeeded' | 'skipped' }
  | { type: 'foreach-progress'; runId: string; stepId: string; done: number; total: number; failed: number };

/** Test and tuning hooks; production code leaves them at their defaults. */
export interface ExecutionInternals {
  clock?: Clock;
  /** How steps and backoffs wait; tests make it instant. Must reject when the signal aborts. */
  sleep?: (milliseconds: number, signal: AbortSignal) => Promise<void>;
  leaseMs?: number;
  /** How often a waiting run looks for approvals and nested runs; default 1 s. */
  pollMs?: number;
  /** The process-wide step limit; default 16 shared by all runs of the process. */
  globalSlots?: Semaphore;
  /** The run id of a new run (nested steps give their children the id they journalled). */
  runId?: string;
}

export interface ResolvedInternals {
  clock: Clock;
  sleep: (milliseconds: number, signal: AbortSignal) => Promise<void>;
  leaseMs: number;
  pollMs: number;
  globalSlots: Semaphore;
}

/** How a nested pipeline step starts or continues its child run (given by run-pipeline, which owns runs). */
export interface ChildRuns {
  start(options: { pipelineId: string; inputs: Record<string, unknown>; parentRunId: string; runId: string; signal: AbortSignal }): Promise<RunResult>;
  resume(options: { runId: string; signal: AbortSignal }): Promise<RunResult>;
}

/** Everything one execution of a pipeline run works with. */
export interface ExecutionContext {
  runId: string;
  pipeline: PipelineDefinition;
  inputs: Record<string, unknown>;
  env: Record<string, string>;
  runtime: PipelineRuntime;
  journal: PipelineJournal;
  memo: RunMemo;
  /** Aborts on cancellation (Ctrl-C) and when the journal fails. */
  signal: AbortSignal;
  /** Whether the user cancelled (as opposed to an internal stop). */
  cancelled: () => boolean;
  runSlots: Semaphore;
  internals: ResolvedInternals;
  children: ChildRuns;
  onProgress: (progress: PipelineProgress) => void;
}

/** The idempotency key of one attempt of one step path: the same whenever that attempt runs. */
export function idempotencyKey(runId: string, path: string, attempt: number): string {
  return `${runId}/${path}/${attempt}`;
}
