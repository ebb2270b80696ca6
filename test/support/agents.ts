import { agentSpecSchema, type AgentDefinition, type AgentSpecInput, type AgentHandler } from '../../src/core/agent-spec.ts';
import { schemaFromJsonSchema } from '../../src/core/schema.ts';
import type { ResolvedModel } from '../../src/models/model-resolver.ts';
import type { ModelPrice } from '../../src/models/price-table.ts';
import { ScriptedModel, type ScriptedTurn } from '../../src/models/testing.ts';
import type { Store } from '../../src/store/store.ts';
import { openTemporarySqliteStore } from './test-stores.ts';

/** An agent definition as the registry would build it, from a partial spec. */
export function makeAgent(spec: Partial<AgentSpecInput> & { handler?: string }, handler?: AgentHandler): AgentDefinition {
  const parsed = agentSpecSchema.parse({
    id: 'test-agent',
    name: 'Test agent',
    category: 'test',
    description: 'An agent that exists for a test.',
    samples: ['do the test thing'],
    engine: handler === undefined ? 'model' : 'code',
    instructions: handler === undefined ? 'You are a test agent.' : undefined,
    ...(handler === undefined ? {} : { handler: 'test-handler' }),
    ...spec,
  });
  return {
    spec: parsed,
    source: 'test',
    inputSchema: parsed.input === undefined ? undefined : schemaFromJsonSchema(parsed.input),
    outputSchema: parsed.output === undefined ? undefined : schemaFromJsonSchema(parsed.output),
    handler,
  };
}

/** A scripted model and the resolver that hands it out, as the runtime expects. */
export function scripted(turns: ScriptedTurn[], price?: ModelPrice): { model: ScriptedModel; resolveModel: () => ResolvedModel } {
  const model = new ScriptedModel(turns);
  return { model, resolveModel: () => ({ model, modelString: 'scripted:test', baseUrl: null, price }) };
}

/** A fresh SQLite store in a temporary directory. */
export async function temporaryStore(): Promise<{ store: Store; close: () => Promise<void> }> {
  const { store, cleanUp } = await openTemporarySqliteStore();
  return { store, close: cleanUp };
}

/** For handlers made outside a Nova in tests: the pipeline-running agents fail loudly if called. */
export function noPipelineRuntime(): Promise<never> {
  return Promise.reject(new Error('this test made its handlers without a Nova: no pipeline runtime'));
}
