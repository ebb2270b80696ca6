import { systemClock, type Clock } from '../../core/clock.ts';
import { toNovaError, type NovaError } from '../../core/errors.ts';
import type { RunResult } from '../../runtime/run-agent.ts';
import type { ExecutionInternals, PipelineRuntime } from '../execution/execution-context.ts';
import type { PipelineRegistry } from '../pipeline-registry.ts';
import { resumePipelineRun, startPipelineRun } from '../run-pipeline.ts';
import { createScheduleRepository, type Schedule, type ScheduleRepository } from './schedule-repository.ts';
import { fireTimesBetween, nextFireAfter } from './schedule-timing.ts';

/** What serving schedules does, for the display of `nova serve`. */
export type ServeEvent =
  | { type: 'schedule-fire'; schedule: Schedule; scheduledFor: Date }
  | { type: 'schedule-skip'; schedule: Schedule; missed: Date[] }
  | { type: 'run-end'; schedule: Schedule | null; result: RunResult }
  | { type: 'run-error'; schedule: Schedule | null; runId: string | null; error: NovaError };

export interface ScheduleServiceOptions {
  runtime: PipelineRuntime;
  /** Reads the pipeline files again (they may change while serving); default: the runtime's registry. */
  reloadPipelines?: () => PipelineRegistry;
  signal: AbortSignal;
  onEvent?: (event: ServeEvent) => void;
  /** How late a run may start and still count as on time rather than missed (catchUp none); default 2 minutes. */
  graceMs?: number;
  /** At most this many missed times run for one schedule with catchUp all. */
  catchUpLimit?: number;
  clock?: Clock;
  _internal?: ExecutionInternals;
}

/**
 * Runs schedules when they are due. Each due time is claimed in the store first (compare-and-set on
 * the schedule's last claimed time), so a time fires once however many processes serve. Times missed
 * while nothing served follow the schedule's catchUp: `none` skips them (a time is on time within the
 * grace period), `last` runs the latest once, `all` runs each, oldest first.
 */
export class ScheduleService {
  readonly #options: ScheduleServiceOptions;
  readonly #repository: ScheduleRepository;
  readonly #clock: Clock;
  readonly #inFlight = new Set<Promise<void>>();
  #runtime: PipelineRuntime;

  constructor(options: ScheduleServiceOptions) {
    this.#options = options;
    this.#runtime = options.runtime;
    this.#repository = createScheduleRepository(options.runtime.store);
    this.#clock = options.clock ?? systemClock;
  }

  get repository(): ScheduleRepository {
    return this.#repository;
  }

  /** Fires what is due now; the runs go on in the background (see `idle`). */
  async tick(): Promise<void> {
    if (this.#options.reloadPipelines !== undefined) this.#runtime = { ...this.#runtime, pipelines: this.#options.reloadPipelines() };
    const now = this.#clock.now();
    await this.#repository.syncFileSchedules(this.#runtime.pipelines.list(), now);
    for (const schedule of await this.#repository.list()) {
      if (this.#options.signal.aborted) return;
      const since = new Date(schedule.lastFireAt ?? schedule.createdAt);
      const due = fireTimesBetween(schedule.cron, schedule.timezone, since, now, this.#options.catchUpLimit ?? 100);
      if (due.length === 0) continue;
      const latest = due[due.length - 1]!;
      const onTime = now.getTime() - latest.getTime() <= (this.#options.graceMs ?? 120_000);
      const toRun = schedule.catchUp === 'all' ? due : schedule.catchUp === 'last' || onTime ? [latest] : [];
      if (!(await this.#repository.claimFire(schedule, latest))) continue;
      const missed = due.filter((time) => !toRun.includes(time));
      if (missed.length > 0) this.#options.onEvent?.({ type: 'schedule-skip', schedule, missed });
      this.#track(this.#fire(schedule, toRun));
    }
  }

  /** When the next schedule is due, or null when none ever is. */
  async nextDue(): Promise<Date | null> {
    const now = this.#clock.now();
    let next: Date | null = null;
    for (const schedule of await this.#repository.list()) {
      const time = nextFireAfter(schedule.cron, schedule.timezone, new Date(Math.max(now.getTime() - 1, Date.parse(schedule.lastFireAt ?? schedule.createdAt))));
      if (time !== null && (next === null || time < next)) next = time;
    }
    return next;
  }

  /** Resolves once every run started so far has ended. */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
  }

  /** Resumes the top-level pipeline runs whose process died (nested ones are resumed by their parents). */
  async resumeInterrupted(): Promise<string[]> {
    const runs = await this.#runtime.store.runs.list({ kind: 'pipeline', status: 'interrupted', limit: 10_000 });
    const topLevel = runs.filter((run) => run.parentRunId === null);
    for (const run of topLevel) {
      this.#track(
        this.#report(null, run.id, () =>
          resumePipelineRun({ runId: run.id, runtime: this.#runtime, signal: this.#options.signal, reason: 'nova serve resumes interrupted runs', ...this.#internal() }),
        ),
      );
    }
    return topLevel.map((run) => run.id);
  }

  async #fire(schedule: Schedule, times: readonly Date[]): Promise<void> {
    for (const time of times) {
      if (this.#options.signal.aborted) return;
      this.#options.onEvent?.({ type: 'schedule-fire', schedule, scheduledFor: time });
      await this.#report(schedule, null, async () => {
        const pipeline = this.#runtime.pipelines.get(schedule.pipelineId);
        return startPipelineRun({
          pipeline,
          inputs: schedule.inputs,
          runtime: this.#runtime,
          signal: this.#options.signal,
          onProgress: (progress) => {
            if (progress.type === 'run-begin') void this.#repository.recordRun(schedule.id, progress.runId).catch((error: unknown) => this.#options.onEvent?.({ type: 'run-error', schedule, runId: progress.runId, error: toNovaError(error) }));
          },
          ...this.#internal(),
        });
      });
    }
  }

  async #report(schedule: Schedule | null, runId: string | null, work: () => Promise<RunResult>): Promise<void> {
    try {
      this.#options.onEvent?.({ type: 'run-end', schedule, result: await work() });
    } catch (error) {
      this.#options.onEvent?.({ type: 'run-error', schedule, runId, error: toNovaError(error) });
    }
  }

  #internal(): { _internal?: ExecutionInternals } {
    return this.#options._internal === undefined ? {} : { _internal: this.#options._internal };
  }

  #track(work: Promise<void>): void {
    this.#inFlight.add(work);
    void work.finally(() => this.#inFlight.delete(work));
  }
}
