import type { Environment } from '../config/nova-home.ts';
import type { LineConsole } from './line-console.ts';

/** What a command may touch of the outside world; tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Environment;
  /** Whether stdout is an interactive terminal (progress and streaming only then). */
  interactive: boolean;
  /** Asks the person at the terminal; undefined when there is none (no TTY on stdin). */
  prompt?: (question: string) => Promise<string>;
  /** Fires on Ctrl-C; the command decides what it cancels. */
  interrupt: AbortSignal;
  /** Opens stdin line by line for a conversation (`nova chat`); undefined when there is none to read. */
  openLineConsole?: () => LineConsole;
}

export const exitCodes = {
  ok: 0,
  /** The run (or check) ran and failed. */
  failed: 1,
  /** Bad usage or configuration: nothing ran. */
  usage: 2,
  /** Cancelled by the user (Ctrl-C), as shells report SIGINT. */
  cancelled: 130,
} as const;
