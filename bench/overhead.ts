/**
 * Nova's framework overhead with an instant scripted model and the journal on SQLite (a real file,
 * WAL), as a user runs it. Prints figures; the last line is one JSON object:
 *   {"turnMedianUs", "turnP99Us", "toolRoundTripMedianUs", "toolRoundTripP99Us", "journal": "sqlite"}
 *
 * - turn: one whole single-turn agent run through `runAgent`: the run is created, the input validated,
 *   run-start, agent-start, model-call, model-result and run-end journalled, the answer checked, and the
 *   result read back from the journal. Everything Nova adds around one model call.
 * - tool round trip: what one tool call adds to a run (tool-call and tool-result journalled, the tool's
 *   input validated, the result fed back, one more model turn): a run with one tool call minus a run
 *   without, measured as pairs so that drift cancels out.
 *
 * Usage: npm run bench:overhead [-- --runs 3000]
 */
import { join } from 'node:path';
import { z } from 'zod';
import { agentSpecSchema, type AgentDefinition } from '../src/core/agent-spec.ts';
import { schemaFromJsonSchema, schemaFromZod } from '../src/core/schema.ts';
import type { ToolDefinition } from '../src/core/tool-spec.ts';
import type { ResolvedModel } from '../src/models/model-resolver.ts';
import { ScriptedModel } from '../src/models/testing.ts';
import { runAgent } from '../src/runtime/run-agent.ts';
import { openStore } from '../src/store/store.ts';
import { temporaryDirectory } from '../test/support/temporary-directory.ts';

const runsArgument = process.argv.indexOf('--runs');
const runs = runsArgument === -1 ? 3000 : Number(process.argv[runsArgument + 1]);
const warmup = Math.min(500, Math.ceil(runs / 5));

const directory = temporaryDirectory('nova-bench-');
const store = await openStore({ dialect: 'sqlite', path: join(directory.path, 'nova.db') });

function agent(tools: string[]): AgentDefinition {
  const spec = agentSpecSchema.parse({
    id: 'bench',
    name: 'Bench',
    category: 'bench',
    description: 'An agent for measuring overhead.',
    samples: ['measure'],
    engine: 'model',
    instructions: 'Answer.',
    tools,
    input: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
  });
  return { spec, source: 'bench', inputSchema: schemaFromJsonSchema(spec.input!), outputSchema: undefined, handler: undefined };
}

const echo: ToolDefinition<{ value: string }> = {
  name: 'echo',
  description: 'Returns its input.',
  input: schemaFromZod(z.object({ value: z.string() })),
  execute: async (input) => input,
};
const tools = new Map<string, ToolDefinition>([['echo', echo as ToolDefinition]]);

const plainModel = new ScriptedModel([{ text: 'done' }], { repeat: true });
const toolModel = new ScriptedModel([{ toolCalls: [{ toolName: 'echo', input: { value: 'x' } }] }, { text: 'done' }], { repeat: true });
// The scripted model keeps every call for tests; a benchmark does not need them.
const forget = (model: ScriptedModel) => model.calls.splice(0);
const resolved = (model: ScriptedModel): ResolvedModel => ({ model, modelString: 'scripted:bench', baseUrl: null, price: undefined });
const plainAgent = agent([]);
const toolAgent = agent(['echo']);
const input = { text: 'measure me' };

async function timeRun(definition: AgentDefinition, model: ScriptedModel): Promise<number> {
  const started = process.hrtime.bigint();
  const result = await runAgent({ agent: definition, input, store, resolveModel: () => resolved(model), tools });
  const elapsed = Number(process.hrtime.bigint() - started) / 1000;
  if (result.status !== 'succeeded') throw new Error(`bench run failed: ${JSON.stringify(result.error)}`);
  forget(model);
  return elapsed;
}

const turns: number[] = [];
const roundTrips: number[] = [];
for (let index = 0; index < warmup + runs; index += 1) {
  const plain = await timeRun(plainAgent, plainModel);
  const withTool = await timeRun(toolAgent, toolModel);
  if (index < warmup) continue;
  turns.push(plain);
  roundTrips.push(withTool - plain);
}
await store.close();
directory.remove();

const percentile = (values: number[], fraction: number) => {
  const sorted = [...values].sort((left, right) => left - right);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]! * 10) / 10;
};
const result = {
  turnMedianUs: percentile(turns, 0.5),
  turnP99Us: percentile(turns, 0.99),
  toolRoundTripMedianUs: percentile(roundTrips, 0.5),
  toolRoundTripP99Us: percentile(roundTrips, 0.99),
  journal: 'sqlite',
};
process.stdout.write(`runs measured: ${runs} single-turn and ${runs} tool runs (after ${warmup} warm-up each), Node ${process.version}\n`);
process.stdout.write(`turn (whole single-turn run, 5 journal events): median ${result.turnMedianUs} us, p99 ${result.turnP99Us} us\n`);
process.stdout.write(`tool round trip (marginal): median ${result.toolRoundTripMedianUs} us, p99 ${result.toolRoundTripP99Us} us\n`);
process.stdout.write(`${JSON.stringify(result)}\n`);
