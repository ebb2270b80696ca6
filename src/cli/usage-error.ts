import type { Command, CommanderError } from 'commander';
import { NovaError } from '../core/errors.ts';

/**
 * What commander rejected (an unknown command or option, a missing argument, a bad option value) as
 * the NovaError every other failure is, so `--json` can print it in the one `{"error": {...}}` shape.
 * The hint names the help of the command the user was typing (`nova runs show --help`).
 */
export function usageError(error: CommanderError, program: Command, argv: readonly string[]): NovaError {
  const commandPath = commandPathOf(program, argv);
  return new NovaError({
    code: 'input_invalid',
    fault: 'user',
    message: error.message.replace(/^error:\s*/, ''),
    hint: `Run \`${commandPath.join(' ')} --help\` for usage.`,
  });
}

/** The command words the arguments name, from the program down (`['nova', 'runs', 'show']`). */
function commandPathOf(program: Command, argv: readonly string[]): string[] {
  const path = [program.name()];
  let command = program;
  for (const word of argv) {
    if (word.startsWith('-')) break;
    const child = command.commands.find((candidate) => candidate.name() === word || candidate.aliases().includes(word));
    if (child === undefined) break;
    path.push(child.name());
    command = child;
  }
  return path;
}
