import type { Command } from 'commander';
import { readOnly, type CommandContext } from '../command-context.ts';
import { pipelineRuntime } from '../../pipelines/pipeline-runtime.ts';
import { addSchedule, formatInZone, listSchedules } from '../../pipelines/schedules/schedule-actions.ts';
import { createScheduleRepository } from '../../pipelines/schedules/schedule-repository.ts';
import type { Nova } from '../../app/nova.ts';
import { exitCodes, type CliIo } from '../cli-io.ts';
import { table } from '../render-table.ts';
import { parseInputs } from './pipeline-command.ts';

/** `nova schedules list [--all] [--json]` */
export async function schedulesListCommand(nova: Nova, options: { all: boolean; json: boolean }, io: CliIo): Promise<number> {
  const schedules = await listSchedules(pipelineRuntime(nova), { includeCancelled: options.all });
  if (options.json) {
    io.stdout(`${JSON.stringify({ schedules })}\n`);
    return exitCodes.ok;
  }
  if (schedules.length === 0) {
    io.stdout('No schedules. Add one with `nova schedules add <pipeline> --cron "0 7 * * 1-5" --timezone Europe/London`, or `schedule:` in a pipeline file.\n');
    return exitCodes.ok;
  }
  const rows = schedules.map((schedule) => [
    schedule.id,
    schedule.pipelineId,
    `${schedule.cron}`,
    schedule.cancelledAt !== null ? `cancelled ${schedule.cancelledAt.slice(0, 16).replace('T', ' ')}` : schedule.nextRunAt === null ? 'never' : formatInZone(schedule.nextRunAt, schedule.timezone),
    schedule.catchUp,
    schedule.lastRunId === null ? '-' : `${schedule.lastRunId} ${schedule.lastRunStatus ?? ''}`.trim(),
    schedule.origin === 'file' ? 'file' : (schedule.label ?? ''),
  ]);
  io.stdout(table(['SCHEDULE', 'PIPELINE', 'CRON', 'NEXT RUN', 'CATCH UP', 'LAST RUN', 'FROM / LABEL'], rows));
  return exitCodes.ok;
}

/** `nova schedules add <pipeline> --cron PATTERN [--timezone ZONE] [--catch-up none|last|all] [--input name=value ...] [--label TEXT] [--json]` */
export async function schedulesAddCommand(
  nova: Nova,
  options: { pipeline: string; cron: string; timezone: string | undefined; catchUp: string | undefined; inputs: string[]; label: string | undefined; json: boolean },
  io: CliIo,
): Promise<number> {
  const runtime = pipelineRuntime(nova);
  const pipeline = runtime.pipelines.get(options.pipeline);
  const schedule = await addSchedule(runtime, {
    pipelineId: pipeline.id,
    cron: options.cron,
    ...(options.timezone === undefined ? {} : { timezone: options.timezone }),
    ...(options.catchUp === undefined ? {} : { catchUp: options.catchUp }),
    inputs: parseInputs(pipeline, options.inputs),
    label: options.label ?? null,
  });
  const [view] = (await listSchedules(runtime)).filter((entry) => entry.id === schedule.id);
  if (options.json) io.stdout(`${JSON.stringify({ schedule: view ?? schedule })}\n`);
  else io.stdout(`${schedule.id}: ${pipeline.id} at "${schedule.cron}" (${schedule.timezone}); next run ${view?.nextRunAt === null || view === undefined ? 'never' : formatInZone(view.nextRunAt, schedule.timezone)}. \`nova serve\` runs it.\n`);
  return exitCodes.ok;
}

/** `nova schedules cancel <id> [--json]` */
export async function schedulesCancelCommand(nova: Nova, options: { id: string; json: boolean }, io: CliIo): Promise<number> {
  const schedule = await createScheduleRepository(nova.store).cancel(options.id, new Date());
  if (options.json) io.stdout(`${JSON.stringify({ schedule })}\n`);
  else io.stdout(`cancelled ${schedule.id} (${schedule.pipelineId} at "${schedule.cron}")\n`);
  return exitCodes.ok;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** Registers the command(s) of this file on the program. */
export function registerSchedulesCommands(program: Command, context: CommandContext): void {
  const schedules = program.command('schedules').description('recurring pipeline runs (`nova serve` runs them)');
  schedules
    .command('list')
    .description('the schedules, with their next and last runs')
    .option('--all', 'include cancelled schedules')
    .option('--json', 'print {schedules: [...]}')
    .action((options: { all?: boolean; json?: boolean }) => context.withNova((nova) => schedulesListCommand(nova, { all: options.all === true, json: options.json === true }, context.io), readOnly)());
  schedules
    .command('add')
    .description('run a pipeline on a cron schedule')
    .argument('<pipeline>', 'pipeline id')
    .requiredOption('--cron <pattern>', 'minute hour day-of-month month day-of-week, e.g. "0 7 * * 1-5"')
    .option('--timezone <zone>', 'IANA time zone the pattern is read in (default: this machine\'s), e.g. Europe/London')
    .option('--catch-up <policy>', 'times missed while nothing served: none (default), last or all')
    .option('--input <name=value>', 'an input of the scheduled runs (repeat for more)', collect, [])
    .option('--label <text>', 'a name for the schedule')
    .option('--json', 'print {schedule}')
    .action((pipeline: string, options: { cron: string; timezone?: string; catchUp?: string; input: string[]; label?: string; json?: boolean }) =>
      context.withNova((nova) =>
        schedulesAddCommand(nova, { pipeline, cron: options.cron, timezone: options.timezone, catchUp: options.catchUp, inputs: options.input, label: options.label, json: options.json === true }, context.io),
      )(),
    );
  schedules
    .command('cancel')
    .description('cancel a schedule')
    .argument('<id>', 'schedule id or a unique prefix')
    .option('--json', 'print {schedule}')
    .action((id: string, options: { json?: boolean }) => context.withNova((nova) => schedulesCancelCommand(nova, { id, json: options.json === true }, context.io))());
}
