import type { AgentHandler } from '../core/agent-spec.ts';
import { classify } from './language/classify.ts';
import { extractEntities } from './language/extract-entities.ts';
import { plan } from './language/plan.ts';
import { proofread } from './language/proofread.ts';
import { summarize } from './language/summarize.ts';
import { translate } from './language/translate.ts';

/**
 * The handlers that shipped agent files name by id (`handler: summarize`). Each is thin glue: it reads
 * its input, calls its domain module and the agent's model through the context, and returns output.
 */
export const builtinHandlers: Readonly<Record<string, AgentHandler>> = {
  classify,
  'extract-entities': extractEntities,
  plan,
  proofread,
  summarize,
  translate,
};
