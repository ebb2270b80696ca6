import type { AgentHandler } from '../core/agent-spec.ts';

/**
 * A handler whose module is imported on its first call: opening Nova (for `nova agents list`, `nova
 * route`, `nova runs list`) loads no domain, no pipeline engine and no driver that only a handler uses.
 * A failed import is retried on the next call rather than kept.
 */
export function lazyHandler(load: () => Promise<AgentHandler>): AgentHandler {
  let pending: Promise<AgentHandler> | undefined;
  return async (input, context) => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return (await pending)(input, context);
  };
}
