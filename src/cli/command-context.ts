import type { Nova } from '../runtime/nova.ts';
import type { CliIo } from './cli-io.ts';

/** What each command module gets to register its commands with. */
export interface CommandContext {
  io: CliIo;
  /** Wraps a command's work: opens Nova, runs the work, keeps its exit code, closes Nova. */
  withNova(work: (nova: Nova) => Promise<number>): () => Promise<void>;
}
