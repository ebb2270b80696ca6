import type { AgentHandler } from '../core/agent-spec.ts';
import type { HandlerDependencies } from './handler-dependencies.ts';
import { classify } from './language/classify.ts';
import { extractEntities } from './language/extract-entities.ts';
import { plan } from './language/plan.ts';
import { proofread } from './language/proofread.ts';
import { summarize } from './language/summarize.ts';
import { translate } from './language/translate.ts';

export type { HandlerDependencies } from './handler-dependencies.ts';

/** The handlers of the language and chat agents: they need nothing but their input and model. */
export const languageHandlers: Readonly<Record<string, AgentHandler>> = {
  classify,
  'extract-entities': extractEntities,
  plan,
  proofread,
  summarize,
  translate,
};

/**
 * The handlers that shipped agent files name by id (`handler: summarize`). Each is thin glue: it reads
 * its input, calls its domain module (and the agent's model through the context), and returns output.
 * Handlers that work on Nova's data get the store through `dependencies`.
 */
export function createBuiltinHandlers(dependencies: HandlerDependencies): Readonly<Record<string, AgentHandler>> {
  void dependencies;
  return {
    ...languageHandlers,
  };
}
