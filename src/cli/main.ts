import { Command, CommanderError, Help } from 'commander';
import { configuredSecrets } from '../config/configured-secrets.ts';
import { isNovaError, toNovaError } from '../core/errors.ts';
import type { SecretRedactor } from '../core/secret-redactor.ts';
import { exitCodes, type CliIo } from './cli-io.ts';
import type { CommandContext } from './command-context.ts';
import { commandTable, entriesFor } from './command-table.ts';
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
    // Imported here, not at the top: `nova --help` and a mistyped command never load Nova's subsystems.
    const { openNova } = await import('../app/nova.ts');
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
  // `nova` alone opens a conversation at a terminal; with no terminal (CI, a pipe) it prints the help.
  const words = argv.length > 0 ? [...argv] : io.prompt !== undefined && io.openLineConsole !== undefined ? ['chat'] : ['--help'];
  const needed = entriesFor(words);
  if (needed.length > 0) {
    for (const entry of needed) for (const register of await entry.load()) register(program, context);
  } else {
    // The overall help, or a command that does not exist: every command is listed from the table, no module is loaded.
    const terms = new Map(commandTable.map((entry) => [entry.name, entry.term]));
    const standard = new Help();
    program.configureHelp({ subcommandTerm: (command) => terms.get(command.name()) ?? standard.subcommandTerm(command) });
    for (const entry of commandTable) program.command(entry.name).description(entry.description);
  }

  try {
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
