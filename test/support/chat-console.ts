import type { LineConsole } from '../../src/cli/line-console.ts';
import { main } from '../../src/cli/main.ts';
import type { CliResult } from './cli.ts';

/**
 * A line of a scripted conversation: text to type, or a function that decides (or acts, e.g. cancels
 * a turn) when the line is asked for. `null` ends the input as Ctrl-D does.
 */
export type ScriptedLine = string | null | ((prompt: string) => string | null);

/** A console that types the given lines, then ends; records the prompts it was shown. */
export function scriptedConsole(lines: readonly ScriptedLine[], options: { interactive?: boolean } = {}): LineConsole & { prompts: string[]; closed: boolean } {
  const remaining = [...lines];
  const console = {
    prompts: [] as string[],
    closed: false,
    interactive: options.interactive ?? false,
    readLine(prompt: string): Promise<string | null> {
      console.prompts.push(prompt);
      if (console.closed || remaining.length === 0) return Promise.resolve(null);
      const next = remaining.shift()!;
      return Promise.resolve(typeof next === 'function' ? next(prompt) : next);
    },
    // A script presses no Ctrl-C: tests cancel turns through the loop itself.
    onInterrupt() {},
    close() {
      console.closed = true;
    },
  };
  return console;
}

/**
 * Runs the `nova` command line in this process with a scripted console on "stdin": what `nova chat`
 * (or `nova` alone, when `interactive`) reads. `interactive` also gives the io a prompt, as a terminal
 * on stdin does.
 */
export async function runChatCli(
  argv: string[],
  env: Record<string, string | undefined>,
  lines: readonly ScriptedLine[],
  options: { interactive?: boolean; interrupt?: AbortSignal } = {},
): Promise<CliResult & { prompts: string[] }> {
  let stdout = '';
  let stderr = '';
  const console = scriptedConsole(lines, { interactive: options.interactive ?? false });
  const exitCode = await main(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env,
    interactive: options.interactive ?? false,
    interrupt: options.interrupt ?? new AbortController().signal,
    openLineConsole: () => console,
    ...(options.interactive === true ? { prompt: () => Promise.reject(new Error('the chat must ask through its console')) } : {}),
  });
  return { exitCode, stdout, stderr, prompts: console.prompts };
}
