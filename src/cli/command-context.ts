import type { Nova, OpenNovaOptions } from '../app/nova.ts';
import type { CliIo } from './cli-io.ts';

/** What each command module gets to register its commands with. */
export interface CommandContext {
  io: CliIo;
  /**
   * Wraps a command's work: opens Nova, runs the work, keeps its exit code, closes Nova. A command
   * that only reads passes `{ storeAccess: 'read' }`, so it works on a store it cannot write.
   */
  withNova(work: (nova: Nova) => Promise<number>, options?: Pick<OpenNovaOptions, 'storeAccess' | 'storeFailure'>): () => Promise<void>;
}

/** The `withNova` options of a command that only reads the store: it works where the store cannot be written. */
export const readOnly = { storeAccess: 'read' } as const;
