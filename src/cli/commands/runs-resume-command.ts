import type { Command } from 'commander';
import type { CommandContext } from '../command-context.ts';
import { NovaError } from '../../core/errors.ts';

/**
 * Adds `resume`, `approve` and `reject` to the `runs` command (registered by runs-command.ts, which
 * must have run first). The pipeline engine they use is imported when one of them runs
 * (runs-resume-actions.ts), so `nova runs list` does not load it.
 */
export function registerRunsResumeCommands(program: Command, context: CommandContext): void {
  const runs = program.commands.find((command) => command.name() === 'runs');
  if (runs === undefined) {
    throw new NovaError({ code: 'internal_error', fault: 'system', message: 'The runs command is not registered', hint: 'Register runs-command.ts before runs-resume-command.ts in src/cli/main.ts.' });
  }
  runs
    .command('resume')
    .description('continue an interrupted, failed or cancelled pipeline run; finished steps are not run again')
    .argument('<id>', 'run id or a unique prefix of one')
    .option('--wait', 'at an approve step, wait here for the decision')
    .option('--json', 'print {runId, status, output, error, warnings, usage} at the end')
    .action((id: string, options: { json?: boolean; wait?: boolean }) => context.withNova(async (nova) => (await import('./runs-resume-actions.ts')).runsResumeCommand(nova, { id, json: options.json === true, wait: options.wait === true }, context.io))());
  for (const approved of [true, false]) {
    runs
      .command(approved ? 'approve' : 'reject')
      .description(approved ? 'approve a waiting approve step of a pipeline run, and let the run go on' : 'reject a waiting approve step: it fails, and what needs it does not run')
      .argument('<id>', 'run id or a unique prefix of one')
      .argument('<step>', 'the id of the approve step')
      .option('--comment <text>', approved ? 'a note kept with the approval' : 'why, kept with the rejection')
      .option('--wait', 'at a later approve step, wait here for the decision')
      .option('--json', 'print the run result at the end (or {runId, step, approved, continuedBy})')
      .action((id: string, step: string, options: { comment?: string; json?: boolean; wait?: boolean }) =>
        context.withNova(async (nova) => (await import('./runs-resume-actions.ts')).runsDecideCommand(nova, { id, step, approved, comment: options.comment, json: options.json === true, wait: options.wait === true }, context.io))(),
      );
  }
}

