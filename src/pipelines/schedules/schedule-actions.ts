import { NovaError } from '../../core/errors.ts';
import type { RunStatus } from '../../core/run.ts';
import type { PipelineRuntime } from '../execution/execution-context.ts';
import { confinePathInputs, resolvePipelineInputs } from '../pipeline-inputs.ts';
import { catchUpPolicies, type CatchUpPolicy } from '../pipeline-spec.ts';
import { createScheduleRepository, type Schedule } from './schedule-repository.ts';
import { cronProblem, nextFireAfter } from './schedule-timing.ts';

export interface AddScheduleRequest {
  pipelineId: string;
  cron: string;
  timezone?: string;
  catchUp?: string;
  inputs?: Record<string, unknown>;
  label?: string | null;
  /** Relative `format: path` inputs are made absolute from here now: a scheduled run has no directory of its own. */
  cwd?: string;
}

/**
 * Adds a schedule after checking everything a scheduled run will need: the pipeline exists and is
 * valid, the cron pattern and time zone parse, the inputs fit the pipeline. A schedule that could
 * only fail later is refused now.
 */
export async function addSchedule(runtime: PipelineRuntime, request: AddScheduleRequest, now: Date = new Date()): Promise<Schedule> {
  const pipeline = runtime.pipelines.get(request.pipelineId);
  // A person saying "at 7" means their 7: the machine's zone unless told otherwise (files default to UTC).
  const timezone = request.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const problem = cronProblem(request.cron, timezone);
  if (problem !== undefined) throw new NovaError({ code: 'input_invalid', fault: 'user', message: problem, hint: 'e.g. --cron "0 7 * * 1-5" --timezone Europe/London (07:00 on weekdays, London time).' });
  const catchUp = request.catchUp ?? 'none';
  if (!(catchUpPolicies as readonly string[]).includes(catchUp)) {
    throw new NovaError({ code: 'input_invalid', fault: 'user', message: `catch-up must be one of ${catchUpPolicies.join(', ')}, got "${catchUp}"`, hint: 'none skips times missed while nothing served; last runs the latest; all runs each.' });
  }
  // A scheduled run has no command line to allow a path on: its paths must be inside the roots.
  const inputs = confinePathInputs(pipeline, resolvePipelineInputs(pipeline, request.inputs ?? {}, request.cwd === undefined ? {} : { cwd: request.cwd }), runtime.files);
  return createScheduleRepository(runtime.store).create({ pipelineId: pipeline.id, cron: request.cron, timezone, catchUp: catchUp as CatchUpPolicy, inputs, label: request.label ?? null }, now);
}

/** A schedule with when it fires next and how its last run went. */
export interface ScheduleView extends Schedule {
  nextRunAt: string | null;
  lastRunStatus: RunStatus | null;
}

/** The schedules (file schedules brought up to date with the files first), with next and last runs. */
export async function listSchedules(runtime: PipelineRuntime, options: { includeCancelled?: boolean; now?: Date } = {}): Promise<ScheduleView[]> {
  const now = options.now ?? new Date();
  const repository = createScheduleRepository(runtime.store);
  await repository.syncFileSchedules(runtime.pipelines.list(), now);
  const schedules = await repository.list({ includeCancelled: options.includeCancelled === true });
  const views: ScheduleView[] = [];
  for (const schedule of schedules) {
    const next = schedule.cancelledAt === null ? nextFireAfter(schedule.cron, schedule.timezone, now) : null;
    const lastRun = schedule.lastRunId === null ? undefined : await runtime.store.runs.get(schedule.lastRunId);
    views.push({ ...schedule, nextRunAt: next?.toISOString() ?? null, lastRunStatus: lastRun?.status ?? null });
  }
  return views;
}

/** The time as the schedule's zone reads it: `Mon 2024-10-28 07:00 Europe/London`. */
export function formatInZone(iso: string, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso));
  const part = (type: string) => parts.find((entry) => entry.type === type)?.value ?? '';
  return `${part('weekday')} ${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')} ${timezone}`;
}
