import { z } from 'zod';

const modelReference = z.string().min(1, 'must be an alias or a provider:model string such as "openai:gpt-4o-mini"');

/** `$NOVA_HOME/config.yaml`. Every section is optional; unknown fields are errors (they are usually typos). */
export const configSchema = z
  .object({
    models: z
      .object({
        /** The model of agents that name `default` (NOVA_MODEL overrides it). */
        default: modelReference.optional(),
        /** Names such as `fast` or `smart` for model strings or other aliases. */
        aliases: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'alias names are lower-case words'), modelReference).default({}),
      })
      .strict()
      .default({ aliases: {} }),
    agents: z
      .object({
        /** Extra folders of agent files, after `$NOVA_HOME/agents`. Relative paths are relative to the config file. */
        directories: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .default({ directories: [] }),
    tools: z
      .object({
        /** Extra folders of tool files (`*.tool.mts`), after `$NOVA_HOME/tools`. Relative paths are relative to the config file. */
        directories: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .default({ directories: [] }),
    files: z
      .object({
        /**
         * Directories agents may read and write files in, besides the current directory and
         * `$NOVA_HOME`. Relative paths are relative to the config file.
         */
        roots: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .default({ roots: [] }),
    router: z
      .object({
        /** A model asked to choose when the top candidates are close (an alias or provider:model); off when absent. */
        judge: z.object({ model: modelReference }).strict().optional(),
        /** An embedding model (an alias or provider:model; openai, openai-compatible or ollama) for the stage by meaning; off when absent. */
        embeddings: z.object({ model: modelReference }).strict().optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

export type NovaConfig = z.infer<typeof configSchema>;
