/**
 * A pipeline of one `foreach` step over 1,000 items, each item a run of a code agent, with the
 * journal on SQLite (a real file, WAL), as a user runs it: the pipeline run and its 1,000 child runs
 * are created, every step's start and end journalled ahead of the work, and the result read back.
 * Prints figures; the last line is one JSON object:
 *   {"items", "concurrency", "totalMs", "perItemUs", "journalEvents", "journal": "sqlite"}
 *
 * Usage: npm run bench:pipeline [-- --items 1000 --concurrency 8]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { agentSpecSchema } from '../src/core/agent-spec.ts';
import { schemaFromJsonSchema } from '../src/core/schema.ts';
import { loadPipelineRegistry } from '../src/pipelines/pipeline-registry.ts';
import { startPipelineRun } from '../src/pipelines/run-pipeline.ts';
import { openStore } from '../src/store/store.ts';
import { temporaryDirectory } from '../test/support/temporary-directory.ts';
import type { AgentRegistry, LoadedAgent } from '../src/agents/agent-registry.ts';
import { FileAccess } from '../src/core/file-access.ts';

const argument = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
};
const items = argument('items', 1000);
const concurrency = argument('concurrency', 8);

const directory = temporaryDirectory('nova-bench-');
const store = await openStore({ dialect: 'sqlite', path: join(directory.path, 'nova.db') });

const spec = agentSpecSchema.parse({
  id: 'square',
  name: 'Square',
  category: 'bench',
  description: 'Squares a number, for measuring pipelines.',
  samples: ['square 3'],
  engine: 'code',
  handler: 'square',
  input: { type: 'object', properties: { value: { type: 'integer' } }, required: ['value'] },
  output: { type: 'object', properties: { square: { type: 'integer' } }, required: ['square'] },
});
const square: LoadedAgent = {
  spec,
  source: 'bench',
  origin: 'user',
  overrides: [],
  inputSchema: schemaFromJsonSchema(spec.input!),
  outputSchema: schemaFromJsonSchema(spec.output!),
  handler: async (input) => ({ square: (input as { value: number }).value ** 2 }),
};
const agents: AgentRegistry = {
  issues: [],
  has: (id) => id === 'square',
  get: () => square,
  list: () => [square],
  summaries: () => [{ id: 'square', name: 'Square', category: 'bench', description: spec.description }],
};

const pipelinesDirectory = join(directory.path, 'pipelines');
mkdirSync(pipelinesDirectory);
writeFileSync(
  join(pipelinesDirectory, 'squares.yaml'),
  `id: squares
description: squares every number of a list, one code agent run per item
inputs:
  count: { type: integer }
concurrency: ${concurrency}
steps:
  - id: each
    foreach: "\${{ [1..inputs.count] }}"
    concurrency: ${concurrency}
    agent: square
    input: { value: "\${{ item }}" }
outputs:
  total: "\${{ $sum(steps.each.output.square) }}"
`,
);
const pipelines = loadPipelineRegistry({ directories: [{ path: pipelinesDirectory, origin: 'user' }], agents, tools: new Map() });
const runtime = { store, agents, tools: new Map(), pipelines, env: {}, files: new FileAccess({ roots: [process.cwd()] }) };

// A small run first, so that module loading and statement preparation are not measured.
await startPipelineRun({ pipeline: pipelines.get('squares'), inputs: { count: 10 }, runtime });

const started = performance.now();
const result = await startPipelineRun({ pipeline: pipelines.get('squares'), inputs: { count: items }, runtime });
const totalMs = performance.now() - started;
const events = await store.journal.read(result.runId);
const expected = (items * (items + 1) * (2 * items + 1)) / 6;
if (result.status !== 'succeeded' || (result.output as { total: number }).total !== expected) {
  throw new Error(`the benchmark run did not succeed as expected: ${JSON.stringify({ status: result.status, error: result.error, output: result.output })}`);
}
const children = await store.runs.list({ parentRunId: result.runId, limit: items + 1 });
await store.close();
directory.remove();

process.stdout.write(`pipeline with ${items} foreach items (code agent, ${concurrency} at once), journal on SQLite\n`);
process.stdout.write(`  total ${totalMs.toFixed(0)} ms · ${((totalMs * 1000) / items).toFixed(0)} µs per item · ${events.length} pipeline events · ${children.length} child runs\n`);
process.stdout.write(`  ${totalMs < 5000 ? 'within' : 'OVER'} the 5 s budget\n`);
process.stdout.write(
  `${JSON.stringify({ items, concurrency, totalMs: Math.round(totalMs), perItemUs: Math.round((totalMs * 1000) / items), journalEvents: events.length, childRuns: children.length, journal: 'sqlite' })}\n`,
);
