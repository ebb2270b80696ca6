import type { Command } from 'commander';
import { readOnly, type CommandContext } from '../command-context.ts';
import { reduceRunEvents } from '../../core/run-state.ts';
import { runStatuses, type RunRecord, type RunStatus } from '../../core/run.ts';
import { NovaError } from '../../core/errors.ts';
import type { Nova } from '../../app/nova.ts';
import { exitCodes, type CliIo } from '../cli-io.ts';
import { table } from '../render-table.ts';
import { formatDuration, renderTimeline } from '../render-timeline.ts';

export interface RunsListOptions {
  status: string | undefined;
  /** What the runs run: an agent id or a pipeline id (the TARGET column). */
  target: string | undefined;
  /** The older name of `--target`, kept as an alias. */
  agent?: string | undefined;
  limit: string | undefined;
  json: boolean;
}

/** `nova runs list [--status S] [--target ID] [--limit N] [--json]`; `--agent` is an alias of `--target`. */
export async function runsListCommand(nova: Nova, options: RunsListOptions, io: CliIo): Promise<number> {
  const status = parseStatus(options.status);
  const limit = parseLimit(options.limit);
  const target = parseTarget(options);
  // The target is what TARGET shows: the agent of an agent run, the pipeline of a pipeline run.
  const runs = await nova.store.runs.list({
    ...(status === undefined ? {} : { status }),
    ...(target === undefined ? {} : { target }),
    limit,
  });
  if (options.json) {
    io.stdout(`${JSON.stringify({ runs })}\n`);
    return exitCodes.ok;
  }
  if (runs.length === 0) {
    io.stdout('No runs match.\n');
    return exitCodes.ok;
  }
  const rows = runs.map((run) => [run.id, run.status, run.target ?? run.agentId ?? '-', run.createdAt.replace('T', ' ').slice(0, 19), durationOf(run), problemOf(run)]);
  io.stdout(table(['RUN', 'STATUS', 'TARGET', 'CREATED (UTC)', 'TOOK', 'PROBLEM'], rows));
  return exitCodes.ok;
}

/** `nova runs show <id> [--json]`: the run and its journal as a timeline. */
export async function runsShowCommand(nova: Nova, options: { id: string; json: boolean }, io: CliIo): Promise<number> {
  const run = await nova.store.runs.find(options.id);
  const events = await nova.store.journal.read(run.id);
  // The status shown is the journal's (with the owner's liveness), not a cached column.
  const state = reduceRunEvents(events, { ownerAlive: run.status !== 'interrupted' });
  const shown: RunRecord = { ...run, status: state.status, supersededBy: state.supersededBy, error: state.error ?? run.error, usage: run.endedAt === null ? state.usage : run.usage };
  if (options.json) io.stdout(`${JSON.stringify({ run: shown, warnings: state.warnings, events })}\n`);
  else io.stdout(renderTimeline(shown, events));
  return exitCodes.ok;
}

function parseStatus(text: string | undefined): RunStatus | undefined {
  if (text === undefined) return undefined;
  if ((runStatuses as readonly string[]).includes(text)) return text as RunStatus;
  throw new NovaError({
    code: 'input_invalid',
    fault: 'user',
    message: `Unknown status "${text}"`,
    hint: `Use one of: ${runStatuses.join(', ')}.`,
  });
}

function parseTarget(options: Pick<RunsListOptions, 'target' | 'agent'>): string | undefined {
  if (options.target !== undefined && options.agent !== undefined && options.target !== options.agent) {
    throw new NovaError({
      code: 'input_invalid',
      fault: 'user',
      message: `--agent is another name for --target, and they differ ("${options.agent}", "${options.target}")`,
      hint: 'Give one of them: --target <agent or pipeline id>.',
    });
  }
  return options.target ?? options.agent;
}

/** `--limit N`: a whole number from 1 to 10000, default 50. */
export function parseLimit(text: string | undefined): number {
  if (text === undefined) return 50;
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
    throw new NovaError({ code: 'input_invalid', fault: 'user', message: `--limit must be a whole number from 1 to 10000, got "${text}"`, hint: 'For example --limit 20.' });
  }
  return limit;
}

function problemOf(run: RunRecord): string {
  if (run.status === 'superseded' && run.supersededBy !== null) return `superseded by ${run.supersededBy}`;
  return run.error?.code ?? (run.warningCount > 0 ? `${run.warningCount} warning(s)` : '');
}

function durationOf(run: RunRecord): string {
  if (run.startedAt === null || run.endedAt === null) return '-';
  return formatDuration(Date.parse(run.endedAt) - Date.parse(run.startedAt));
}

/** Registers the command(s) of this file on the program. */
export function registerRunsCommands(program: Command, context: CommandContext): void {
  const runs = program.command('runs').description('inspect runs and their journals');
  runs
    .command('list')
    .description('list runs, newest first')
    .option('--status <status>', `${runStatuses.slice(0, -1).join(', ')} or ${runStatuses[runStatuses.length - 1]}`)
    .option('--target <id>', 'only runs of this agent or pipeline (the TARGET column)')
    .option('--agent <id>', 'the same as --target')
    .option('--limit <n>', 'at most this many (default 50)')
    .option('--json', 'print {runs: [...]}')
    .action((options: { status?: string; target?: string; agent?: string; limit?: string; json?: boolean }) =>
      context.withNova(
        (nova) => runsListCommand(nova, { status: options.status, target: options.target, agent: options.agent, limit: options.limit, json: options.json === true }, context.io),
        readOnly,
      )(),
    );
  runs
    .command('show')
    .description("a run's journal as a timeline")
    .argument('<id>', 'run id or a unique prefix of one')
    .option('--json', 'print {run, warnings, events}')
    .action((id: string, options: { json?: boolean }) => context.withNova((nova) => runsShowCommand(nova, { id, json: options.json === true }, context.io), readOnly)());
}
