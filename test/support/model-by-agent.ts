import type { LanguageModelV3CallOptions } from '@ai-sdk/provider';
import { NovaError } from '../../src/core/errors.ts';
import type { ResolvedModel } from '../../src/models/model-resolver.ts';
import { ScriptedModel, type ScriptedAnswer } from '../../src/models/testing.ts';

/**
 * One scripted model shared by several agents, answering each from its own script: the agent is told
 * apart by a marker in its instructions ("You are <id>."). Records what each agent's model received.
 */
export function modelByAgent(scripts: Record<string, Array<ScriptedAnswer | ((options: LanguageModelV3CallOptions) => ScriptedAnswer)>>) {
  const received: Record<string, LanguageModelV3CallOptions[]> = {};
  const model = new ScriptedModel(
    [
      (options) => {
        const system = options.prompt[0]?.role === 'system' ? options.prompt[0].content : '';
        const agentId = /You are ([a-z0-9-]+)\./.exec(system)?.[1];
        if (agentId === undefined || scripts[agentId] === undefined) throw new Error(`modelByAgent: no script for the agent of system prompt ${JSON.stringify(system.slice(0, 80))}`);
        (received[agentId] ??= []).push(options);
        const next = scripts[agentId].shift();
        if (next === undefined) throw new Error(`modelByAgent: the script of ${agentId} ran out`);
        return typeof next === 'function' ? next(options) : next;
      },
    ],
    { repeat: true },
  );
  const resolved: ResolvedModel = { model, modelString: 'scripted:agents', baseUrl: null, price: undefined };
  // Like a config with a default model and no aliases: any other alias (e.g. `fast`) is unknown.
  const resolveModel = (reference = 'default'): ResolvedModel => {
    if (reference === 'default') return resolved;
    throw new NovaError({ code: 'config_invalid', fault: 'user', message: `Unknown model alias "${reference}".`, details: { alias: reference } });
  };
  return { model, received, resolveModel };
}

/** The text of every message an agent's model received, joined, for assertions. */
export function promptText(options: LanguageModelV3CallOptions | undefined): string {
  return JSON.stringify(options?.prompt ?? []);
}
