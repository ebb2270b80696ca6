import { systemClock, type Clock } from '../../core/clock.ts';
import { toNovaError, type NovaError } from '../../core/errors.ts';
import { recordFailedRequest } from '../../runtime/unrouted-request.ts';
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
  /**
   * Where what happens goes (`nova serve` prints it). Without a listener, failures are still never
   * dropped: each is journalled as a failed run (a pipeline that could not even start, too) and written
   * to `report` (default: standard error).
   */
  onEvent?: (event: ServeEvent) => void;
  report?: (line: string) => void;
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
      if (missed.length > 0) this.#emit({ type: 'schedule-skip', schedule, missed });
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
        this.#report(null, () => run.id, () =>
          resumePipelineRun({ runId: run.id, runtime: this.#runtime, signal: this.#options.signal, reason: 'nova serve resumes interrupted runs', ...this.#internal() }),
        ),
      );
    }
    return topLevel.map((run) => run.id);
  }

  async #fire(schedule: Schedule, times: readonly Date[]): Promise<void> {
    for (const time of times) {
      if (this.#options.signal.aborted) return;
      this.#emit({ type: 'schedule-fire', schedule, scheduledFor: time });
      let runId: string | null = null;
      await this.#report(schedule, () => runId, async () => {
        const pipeline = this.#runtime.pipelines.get(schedule.pipelineId);
        return startPipelineRun({
          pipeline,
          inputs: schedule.inputs,
          runtime: this.#runtime,
          signal: this.#options.signal,
          onProgress: (progress) => {
            if (progress.type !== 'run-begin') return;
            runId = progress.runId;
            void this.#repository.recordRun(schedule.id, progress.runId).catch((error: unknown) => this.#emit({ type: 'run-error', schedule, runId: progress.runId, error: toNovaError(error) }));
          },
          ...this.#internal(),
        });
      }, { scheduledFor: time });
    }
  }

  /**
   * Runs the work and tells how it ended. A failure before the run existed (its pipeline was deleted
   * or no longer validates) is journalled as a failed pipeline run of its own, so it is in `nova runs
   * list` like every other outcome; if even that cannot be written, the failure to record it is told too.
   */
  async #report(schedule: Schedule | null, runIdOf: () => string | null, work: () => Promise<RunResult>, context: { scheduledFor?: Date } = {}): Promise<void> {
    let result: RunResult;
    try {
      result = await work();
    } catch (thrown) {
      const error = toNovaError(thrown);
      let runId = runIdOf();
      if (runId === null && schedule !== null) {
        try {
          runId = await recordFailedRequest({
            store: this.#runtime.store,
            kind: 'pipeline',
            agentId: null,
            target: schedule.pipelineId,
            input: { schedule: schedule.id, scheduledFor: context.scheduledFor?.toISOString() ?? null, inputs: schedule.inputs },
            error,
          });
        } catch (recordError) {
          this.#emit({ type: 'run-error', schedule, runId: null, error: toNovaError(recordError) });
        }
      }
      this.#emit({ type: 'run-error', schedule, runId, error: runId === null ? error : error.withRunId(runId) });
      return;
    }
    this.#emit({ type: 'run-end', schedule, result });
  }

  /** To the listener; without one, failures are written out (nothing that went wrong is dropped). */
  #emit(event: ServeEvent): void {
    if (this.#options.onEvent !== undefined) {
      this.#options.onEvent(event);
      return;
    }
    const line = failureLine(event);
    if (line !== null) (this.#options.report ?? ((text: string) => process.stderr.write(text)))(line);
  }

  #internal(): { _internal?: ExecutionInternals } {
    return this.#options._internal === undefined ? {} : { _internal: this.#options._internal };
  }

  #track(work: Promise<void>): void {
    this.#inFlight.add(work);
    void work.finally(() => this.#inFlight.delete(work));
  }
}

/** The line that tells a failure of unattended work, or null for what went well. */
function failureLine(event: ServeEvent): string | null {
  const what = (schedule: Schedule | null) => (schedule === null ? 'a resumed run' : `schedule ${schedule.id} (pipeline ${schedule.pipelineId})`);
  if (event.type === 'run-error') {
    return `nova: ${what(event.schedule)} failed${event.runId === null ? '' : ` as run ${event.runId}`}: error[${event.error.code}] ${event.error.message}${event.error.hint === undefined ? '' : ` (hint: ${event.error.hint})`}\n`;
  }
  if (event.type === 'run-end' && event.result.status !== 'succeeded') {
    const error = event.result.error;
    return `nova: ${what(event.schedule)} ended ${event.result.status} as run ${event.result.runId}${error === null || error === undefined ? '' : `: error[${error.code}] ${error.message}`}\n`;
  }
  return null;
}
