import { Command, CommanderError } from 'commander';
import { isNovaError, toNovaError } from '../core/errors.ts';
import { openNova, type Nova } from '../runtime/nova.ts';
import { exitCodes, type CliIo } from './cli-io.ts';
import { agentsLintCommand, agentsListCommand, agentsNewCommand, agentsShowCommand } from './commands/agents-command.ts';
import { doctorCommand } from './commands/doctor-command.ts';
import { runCommand } from './commands/run-command.ts';
import { runsListCommand, runsShowCommand } from './commands/runs-command.ts';
import { exitCodeForThrown, formatError, jsonError } from './render-error.ts';

/**
 * Runs the `nova` command line and returns the exit code: 0 succeeded, 1 the run or check failed,
 * 2 bad usage or configuration (nothing ran), 130 cancelled with Ctrl-C.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = exitCodes.ok;
  const wantsJson = argv.includes('--json');

  // Each command opens Nova (config, store, agents) itself and closes it when done.
  const withNova = (work: (nova: Nova) => Promise<number>) => async () => {
    const nova = await openNova({ env: io.env });
    try {
      exitCode = await work(nova);
    } finally {
      await nova.close();
    }
  };

  const program = new Command('nova')
    .description('Nova: a personal multi-agent system. The right agent for each request, durable runs, loud failures.')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run `nova --help` for usage)');

  program
    .command('run')
    .description('run one agent and print its output')
    .argument('<agent>', 'agent id, e.g. chat')
    .argument('[text...]', 'the request, as text')
    .option('--input <json>', 'the input as a JSON object')
    .option('--file <path>', "a file: passed by path to agents that take one, else its content is the text")
    .option('--json', 'print {runId, status, output, error, warnings, usage}')
    .action((agentId: string, words: string[], options: { input?: string; file?: string; json?: boolean }) =>
      withNova((nova) =>
        runCommand(nova, { agentId, text: words.length > 0 ? words.join(' ') : undefined, input: options.input, file: options.file, json: options.json === true }, io),
      )(),
    );

  const runs = program.command('runs').description('inspect runs and their journals');
  runs
    .command('list')
    .description('list runs, newest first')
    .option('--status <status>', 'queued, running, waiting, succeeded, failed, cancelled or interrupted')
    .option('--agent <id>', 'only runs of this agent')
    .option('--limit <n>', 'at most this many (default 50)')
    .option('--json', 'print {runs: [...]}')
    .action((options: { status?: string; agent?: string; limit?: string; json?: boolean }) =>
      withNova((nova) => runsListCommand(nova, { status: options.status, agent: options.agent, limit: options.limit, json: options.json === true }, io))(),
    );
  runs
    .command('show')
    .description("a run's journal as a timeline")
    .argument('<id>', 'run id or a unique prefix of one')
    .option('--json', 'print {run, warnings, events}')
    .action((id: string, options: { json?: boolean }) => withNova((nova) => runsShowCommand(nova, { id, json: options.json === true }, io))());

  const agents = program.command('agents').description('the agents: list, show, create, lint');
  agents
    .command('list')
    .description('list the agents')
    .option('--category <category>', 'only this category (chat, pipeline, erp, language, self, ...)')
    .option('--json', 'print {agents: [...]}')
    .action((options: { category?: string; json?: boolean }) => withNova((nova) => agentsListCommand(nova, { category: options.category, json: options.json === true }, io))());
  agents
    .command('show')
    .description("an agent's spec, source file, overrides, tools and handoffs")
    .argument('<id>', 'agent id')
    .option('--json', 'print {agent: {...}}')
    .action((id: string, options: { json?: boolean }) => withNova((nova) => agentsShowCommand(nova, { id, json: options.json === true }, io))());
  agents
    .command('new')
    .description('write a new agent file from a template into $NOVA_HOME/agents')
    .argument('<id>', 'the new agent id, kebab-case')
    .option('--category <category>', 'its category (default custom)')
    .option('--engine <engine>', 'model (default) or code')
    .action((id: string, options: { category?: string; engine?: string }) => withNova((nova) => agentsNewCommand(nova, { id, category: options.category, engine: options.engine }, io))());
  agents
    .command('lint')
    .description('check every agent file; exit 1 on any error')
    .option('--json', 'print {agents, errors, warnings, issues}')
    .action((options: { json?: boolean }) => withNova((nova) => agentsLintCommand(nova, { json: options.json === true }, io))());

  program
    .command('doctor')
    .description('check the store, the model providers and the agents')
    .option('--json', 'print the report as JSON')
    .action((options: { json?: boolean }) => withNova((nova) => doctorCommand(nova, { json: options.json === true }, io))());

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; anything else commander rejects is a usage error it has printed.
      return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    }
    const novaError = isNovaError(error) ? error : toNovaError(error);
    if (wantsJson) io.stdout(`${JSON.stringify({ error: jsonError(novaError) })}\n`);
    else io.stderr(formatError(novaError));
    return exitCodeForThrown(error);
  }
}

function processIo(): CliIo {
  const controller = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write('\ncancelling… (Ctrl-C again to exit at once)\n');
    controller.abort(new Error('interrupted by the user (SIGINT)'));
    process.once('SIGINT', () => process.exit(exitCodes.cancelled));
  });
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    interactive: process.stdout.isTTY === true,
    interrupt: controller.signal,
  };
}
