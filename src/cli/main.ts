import { Command, CommanderError } from 'commander';
import { configuredSecrets } from '../config/configured-secrets.ts';
import { isNovaError, toNovaError } from '../core/errors.ts';
import type { SecretRedactor } from '../core/secret-redactor.ts';
import { openNova } from '../app/nova.ts';
import { exitCodes, type CliIo } from './cli-io.ts';
import type { CommandContext } from './command-context.ts';
import { registerAgentsCommands } from './commands/agents-command.ts';
import { registerChatCommand } from './commands/chat-command.ts';
import { registerDoctorCommand } from './commands/doctor-command.ts';
import { registerErpCommands } from './commands/erp-command.ts';
import { registerRunCommand } from './commands/run-command.ts';
import { registerRouteCommands } from './commands/route-command.ts';
import { registerRunsCommands } from './commands/runs-command.ts';
import { registerPipelineCommands } from './commands/pipeline-command.ts';
import { registerRunsResumeCommands } from './commands/runs-resume-command.ts';
import { registerSchedulesCommands } from './commands/schedules-command.ts';
import { registerServeCommand } from './commands/serve-command.ts';
import { registerSessionsCommands } from './commands/sessions-command.ts';
import { registerToolsCommands } from './commands/tools-command.ts';
import { openTerminalLineConsole } from './line-console.ts';
import { exitCodeForThrown, formatError, jsonError } from './render-error.ts';
import { usageError } from './usage-error.ts';

/**
 * Runs the `nova` command line and returns the exit code: 0 succeeded, 1 the run or check failed,
 * 2 bad usage or configuration (nothing ran), 130 cancelled with Ctrl-C.
 */
export async function main(argv: readonly string[], unredactedIo: CliIo = processIo()): Promise<number> {
  let exitCode: number = exitCodes.ok;
  const wantsJson = argv.includes('--json');
  // Everything printed goes through the redactor: the environment's secrets from the start, the config
  // file's once Nova is open (a command may print something read back from an older, unmasked journal).
  let redactor = configuredSecrets({ env: unredactedIo.env });
  const io = redactingIo(unredactedIo, () => redactor);

  // Each command opens Nova (config, store, agents) itself and closes it when done.
  const withNova: CommandContext['withNova'] = (work, options = {}) => async () => {
    const nova = await openNova({ env: io.env, ...options });
    redactor = nova.redactor;
    try {
      exitCode = await work(nova);
    } finally {
      await nova.close();
    }
  };

  const program = new Command('nova')
    .description('Nova: a personal multi-agent system. The right agent for each request, durable runs, loud failures.')
    .exitOverride()
    .enablePositionalOptions()
    // With --json, what commander rejects is printed as the JSON error below, so its own text is held back.
    .configureOutput({ writeOut: io.stdout, writeErr: wantsJson ? () => undefined : io.stderr })
    .showHelpAfterError('(run `nova --help` for usage)');

  const context: CommandContext = { io, withNova };
  registerRunCommand(program, context);
  registerRunsCommands(program, context);
  registerRunsResumeCommands(program, context);
  registerPipelineCommands(program, context);
  registerSchedulesCommands(program, context);
  registerServeCommand(program, context);
  registerAgentsCommands(program, context);
  registerToolsCommands(program, context);
  registerDoctorCommand(program, context);
  registerRouteCommands(program, context);
  registerChatCommand(program, context);
  registerSessionsCommands(program, context);
  registerErpCommands(program, context);

  try {
    // `nova` alone opens a conversation at a terminal; with no terminal (CI, a pipe) it prints the help.
    const words = argv.length > 0 ? [...argv] : io.prompt !== undefined && io.openLineConsole !== undefined ? ['chat'] : ['--help'];
    await program.parseAsync(words, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; anything else commander rejects is a usage error it has printed (without --json).
      if (error.exitCode === 0) return exitCodes.ok;
      if (wantsJson) io.stdout(`${JSON.stringify({ error: jsonError(usageError(error, program, argv)) })}\n`);
      return exitCodes.usage;
    }
    const novaError = isNovaError(error) ? error : toNovaError(error);
    if (wantsJson) io.stdout(`${JSON.stringify({ error: jsonError(novaError) })}\n`);
    else io.stderr(formatError(novaError));
    return exitCodeForThrown(error);
  }
}

/** The io with stdout and stderr masked by the redactor of the moment. */
function redactingIo(io: CliIo, redactor: () => SecretRedactor): CliIo {
  return { ...io, stdout: (text) => io.stdout(redactor().text(text)), stderr: (text) => io.stderr(redactor().text(text)) };
}

function processIo(): CliIo {
  const controller = new AbortController();
  // `nova runs list | head` closes the pipe early: that is the reader's choice, not a failure.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(exitCodes.ok);
    throw error;
  });
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
    ...(process.stdin.isTTY === true ? { prompt: askAtTerminal } : {}),
    interrupt: controller.signal,
    openLineConsole: () => openTerminalLineConsole(),
  };
}

async function askAtTerminal(question: string): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await terminal.question(question);
  } finally {
    terminal.close();
  }
}
