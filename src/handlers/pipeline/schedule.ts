import type { AgentHandler } from '../../core/agent-spec.ts';
import { NovaError } from '../../core/errors.ts';
import type { PipelineRuntime } from '../../pipelines/execution/execution-context.ts';
import { parseInputText } from '../../pipelines/pipeline-inputs.ts';
import { idsMentioned, pairsMentioned } from '../../pipelines/pipeline-mentions.ts';
import { addSchedule, formatInZone, listSchedules, type ScheduleView } from '../../pipelines/schedules/schedule-actions.ts';
import { cronFromPhrase, cronDays, daysNamed } from '../../pipelines/schedules/schedule-phrases.ts';
import { createScheduleRepository } from '../../pipelines/schedules/schedule-repository.ts';
import type { HandlerDependencies } from '../handler-dependencies.ts';
import { withPipelineRuntime } from './pipeline-runtime-access.ts';

interface ScheduleInput {
  action?: 'create' | 'list' | 'cancel';
  pipeline?: string;
  cron?: string;
  timezone?: string;
  catchUp?: 'none' | 'last' | 'all';
  inputs?: Record<string, unknown>;
  label?: string;
  id?: string;
  text?: string;
}

/**
 * The scheduler: creates, lists and cancels recurring pipeline runs. Structured input is taken as
 * it is; a request in words is read for the action, the pipeline, the recurrence ("every weekday at
 * 7"), an IANA time zone, `name=value` inputs, and (to cancel) the words that pick the schedule. What
 * it cannot read is asked for, never guessed.
 */
export function createScheduleHandler(dependencies: HandlerDependencies): AgentHandler {
  return async (rawInput) => {
    const input = rawInput as ScheduleInput;
    const text = input.text ?? '';
    const action = input.action ?? actionOf(text);
    return withPipelineRuntime(dependencies, async (runtime) => {
      if (action === 'list') {
        const schedules = await listSchedules(runtime);
        return { action, schedules: schedules.map(view), message: schedules.length === 0 ? 'No pipelines are scheduled.' : schedules.map((schedule) => describe(schedule)).join('\n') };
      }
      if (action === 'cancel') {
        const schedule = await chooseSchedule(runtime, input, text);
        const cancelled = await createScheduleRepository(runtime.store).cancel(schedule.id, new Date());
        return { action, schedule: view({ ...schedule, ...cancelled, nextRunAt: null }), message: `Cancelled ${cancelled.id}: ${cancelled.pipelineId} ${cancelled.label ?? cancelled.cron}.` };
      }
      return create(runtime, input, text);
    });
  };
}

/** What a request in words asks of the scheduler. A change in place (pause, move) is refused with what to do instead. */
export function actionOf(text: string): 'create' | 'list' | 'cancel' {
  const lower = text.toLowerCase();
  // Pipeline names (kebab-case, "move-files") are not verbs.
  const words = lower.replace(/\S*[a-z0-9]-[a-z0-9]\S*/g, ' ');
  const change = /\b(pause|suspend|resume|unpause|move|reschedule|postpone)\b/.exec(words);
  if (change !== null && /\b(schedul\w*|cron|recurring|job|nightly|daily|weekly|monthly)\b/.test(words)) {
    throw new NovaError({
      code: 'input_invalid',
      fault: 'user',
      message: `The scheduler cannot ${change[1]} a schedule in place: it creates, lists and cancels them`,
      hint: 'Cancel the schedule ("cancel the Friday report schedule", or `nova schedules cancel <id>`) and add it again with the new timing; `nova schedules list` shows them.',
    });
  }
  if (/\b(cancel|stop|remove|delete|unschedule|drop|disable)\b|\bturn off\b/.test(lower)) return 'cancel';
  const asksWhich = /\b(list|which|what|show|when)\b/.test(lower);
  if (asksWhich && /\b(schedul\w*|cron|recurring|automatically|upcoming)\b/.test(lower) && !/\bevery\b/.test(lower)) return 'list';
  if (text.trim() === '') {
    throw new NovaError({ code: 'input_invalid', fault: 'user', message: 'The scheduler needs a request or an action', hint: 'e.g. "schedule airep-daily every weekday at 7 file=/data/today.txt", "what pipelines are scheduled", "cancel the Friday report schedule".' });
  }
  return 'create';
}

async function create(runtime: PipelineRuntime, input: ScheduleInput, text: string) {
  const pipelineId = input.pipeline ?? onePipeline(runtime, text);
  const pipeline = runtime.pipelines.get(pipelineId);
  let cron = input.cron;
  let label = input.label ?? null;
  if (cron === undefined) {
    const phrase = cronFromPhrase(text);
    if (!phrase.ok) {
      throw new NovaError({
        code: 'input_invalid',
        fault: 'user',
        message: phrase.problem === null ? `The request says when to run ${pipeline.id} in no way I can read` : `When to run ${pipeline.id}: ${phrase.problem}`,
        hint: 'Say it like "every weekday at 7", "every Friday at 17:30", "on the 1st of every month at 6", or give a cron pattern ("0 7 * * 1-5").',
      });
    }
    cron = phrase.value.cron;
    label ??= phrase.value.description;
  }
  const timezone = input.timezone ?? /\b([A-Z][A-Za-z_]+\/[A-Za-z_]+(?:\/[A-Za-z_]+)?|UTC)\b/.exec(text)?.[1] ?? localTimeZone();
  const inputs: Record<string, unknown> = { ...(input.inputs ?? {}) };
  for (const [name, value] of Object.entries(pairsMentioned(text))) if (inputs[name] === undefined && pipeline.inputs[name] !== undefined) inputs[name] = parseInputText(pipeline, name, value);
  const schedule = await addSchedule(runtime, { pipelineId: pipeline.id, cron, timezone, ...(input.catchUp === undefined ? {} : { catchUp: input.catchUp }), inputs, label });
  const [created] = (await listSchedules(runtime)).filter((entry) => entry.id === schedule.id);
  const shown = created ?? { ...schedule, nextRunAt: null, lastRunStatus: null };
  return { action: 'create' as const, schedule: view(shown), message: `Scheduled ${describe(shown)}. \`nova serve\` runs it.` };
}

function onePipeline(runtime: PipelineRuntime, text: string): string {
  const named = idsMentioned(text, runtime.pipelines.list().map((pipeline) => pipeline.id));
  if (named.length > 0 && named.slice(1).every((id) => named[0]!.includes(id))) return named[0]!;
  throw new NovaError({
    code: 'input_invalid',
    fault: 'user',
    message: named.length === 0 ? `The request names no pipeline; the pipelines are: ${runtime.pipelines.list().map((pipeline) => pipeline.id).join(', ') || 'none'}` : `The request names several pipelines: ${named.join(', ')}`,
    hint: 'Name the one to schedule, e.g. "schedule airep-daily every weekday at 7".',
  });
}

/** The schedule a cancel request means: by id, else by the words it shares with one (pipeline, label, days). */
async function chooseSchedule(runtime: PipelineRuntime, input: ScheduleInput, text: string): Promise<ScheduleView> {
  const schedules = (await listSchedules(runtime)).filter((schedule) => schedule.origin === 'user');
  const byId = input.id ?? /\bsch_[0-9a-z]+\b/.exec(text.toLowerCase())?.[0];
  if (byId !== undefined) {
    const found = schedules.filter((schedule) => schedule.id.startsWith(byId));
    if (found.length === 1) return found[0]!;
  }
  const words = text.toLowerCase().match(/[a-z0-9-]+/g)?.filter((word) => word.length > 2 && !stopWords.has(word)) ?? [];
  const days = daysNamed(text);
  const scored = schedules
    .map((schedule) => {
      const haystack = `${schedule.pipelineId} ${schedule.label ?? ''} ${schedule.cron}`.toLowerCase();
      let score = words.filter((word) => haystack.includes(word)).length;
      if (input.pipeline !== undefined && schedule.pipelineId === input.pipeline) score += 2;
      if (days.length > 0 && days.every((day) => cronDays(schedule.cron).includes(day)) && cronDays(schedule.cron).length < 7) score += 2;
      return { schedule, score };
    })
    .filter((entry) => entry.score > 0)
    .sort((left, right) => right.score - left.score);
  const best = scored[0];
  if (best !== undefined && (scored[1] === undefined || scored[1].score < best.score)) return best.schedule;
  throw new NovaError({
    code: 'input_invalid',
    fault: 'user',
    message:
      best === undefined
        ? `No schedule matches "${text || byId || ''}"; the schedules: ${schedules.map((schedule) => describe(schedule)).join('; ') || 'none'}`
        : `Several schedules match: ${scored.filter((entry) => entry.score === best.score).map((entry) => describe(entry.schedule)).join('; ')}`,
    hint: 'Name it by id (sch_...), as `nova schedules list` shows.',
  });
}

const stopWords = new Set(['cancel', 'stop', 'remove', 'delete', 'unschedule', 'drop', 'disable', 'turn', 'off', 'the', 'schedule', 'scheduled', 'schedules', 'please', 'run', 'runs', 'pipeline', 'for', 'and', 'my', 'our', 'that', 'this', 'every', 'each', 'one']);

function describe(schedule: ScheduleView): string {
  return `${schedule.id}: ${schedule.pipelineId} ${schedule.label ?? `"${schedule.cron}"`} (${schedule.timezone})${schedule.nextRunAt === null ? '' : `, next ${formatInZone(schedule.nextRunAt, schedule.timezone)}`}`;
}

function view(schedule: ScheduleView) {
  return {
    id: schedule.id,
    pipeline: schedule.pipelineId,
    cron: schedule.cron,
    timezone: schedule.timezone,
    catchUp: schedule.catchUp,
    inputs: schedule.inputs,
    label: schedule.label,
    origin: schedule.origin,
    nextRunAt: schedule.nextRunAt,
    lastRunId: schedule.lastRunId,
    lastRunStatus: schedule.lastRunStatus,
  };
}

function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
