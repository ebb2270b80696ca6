import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentRegistry, LoadedAgent } from '../../src/agents/agent-registry.ts';
import type { AgentDefinition, AgentHandler } from '../../src/core/agent-spec.ts';
import { NovaError } from '../../src/core/errors.ts';
import type { ToolDefinition } from '../../src/core/tool-spec.ts';
import { Semaphore } from '../../src/pipelines/execution/concurrency.ts';
import type { ExecutionInternals, PipelineRuntime } from '../../src/pipelines/execution/execution-context.ts';
import { loadPipelineRegistry, type PipelineRegistry } from '../../src/pipelines/pipeline-registry.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { FileAccess } from '../../src/core/file-access.ts';
import { makeAgent } from '../support/agents.ts';
import { dropSchema, noticePostgresSkipped, testDatabaseUrl, uniqueSchemaName } from '../support/postgres.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';

export type TestDialect = 'sqlite' | 'postgres';

/** The stores the pipeline suites run on: SQLite always, PostgreSQL when NOVA_TEST_DATABASE_URL is set. */
export function testDialects(): TestDialect[] {
  noticePostgresSkipped();
  return testDatabaseUrl === undefined ? ['sqlite'] : ['sqlite', 'postgres'];
}

/** A registry over agent definitions made in the test (as the real one answers). */
export function registryOf(definitions: readonly AgentDefinition[]): AgentRegistry {
  const agents = new Map<string, LoadedAgent>(definitions.map((definition) => [definition.spec.id, { ...definition, origin: 'user', overrides: [] }]));
  return {
    issues: [],
    has: (id) => agents.has(id),
    list: () => [...agents.values()],
    summaries: () => [...agents.values()].map((agent) => ({ id: agent.spec.id, name: agent.spec.name, category: agent.spec.category, description: agent.spec.description })),
    get(id) {
      const agent = agents.get(id);
      if (agent === undefined) {
        throw new NovaError({ code: 'agent_not_found', fault: 'user', message: `No agent "${id}"`, hint: 'List the agents.', details: { closest: [...agents.keys()].filter((candidate) => candidate[0] === id[0]) } });
      }
      return agent;
    },
  };
}

/** A code agent with an id, a handler, and optional schemas. */
export function codeAgent(id: string, handler: AgentHandler, schemas: { input?: Record<string, unknown>; output?: Record<string, unknown> } = {}): AgentDefinition {
  return makeAgent({ id, ...schemas }, handler);
}

export interface Harness {
  directory: string;
  store: Store;
  /** Writes a pipeline file into the pipelines folder (by its id) and reloads the registry. */
  writePipeline(id: string, yaml: string): void;
  pipelines(): PipelineRegistry;
  runtime(extra?: { env?: Record<string, string> }): PipelineRuntime;
  /** Hooks that make waits instant and record them. */
  internals: ExecutionInternals & { sleeps: number[] };
  close(): Promise<void>;
}

/** A store, agents, tools and a pipelines folder in a temporary directory. */
export async function pipelineHarness(options: { agents: AgentDefinition[]; tools?: ToolDefinition[]; dialect?: TestDialect }): Promise<Harness> {
  const directory = temporaryDirectory();
  const pipelinesDirectory = join(directory.path, 'pipelines');
  mkdirSync(pipelinesDirectory, { recursive: true });
  const schema = uniqueSchemaName();
  const store =
    options.dialect === 'postgres'
      ? await openStore({ dialect: 'postgres', url: testDatabaseUrl ?? '', schema, poolSize: 8 })
      : await openStore({ dialect: 'sqlite', path: join(directory.path, 'nova.db') });
  const agents = registryOf(options.agents);
  const tools = new Map((options.tools ?? []).map((tool) => [tool.name, tool]));
  const load = () => loadPipelineRegistry({ directories: [{ path: pipelinesDirectory, origin: 'user' }], agents, tools });
  let registry = load();
  const sleeps: number[] = [];
  return {
    directory: directory.path,
    store,
    writePipeline(id, yaml) {
      writeFileSync(join(pipelinesDirectory, `${id}.yaml`), yaml);
      registry = load();
    },
    pipelines: () => registry,
    runtime: (extra = {}) => ({ store, agents, tools, pipelines: registry, env: extra.env ?? {}, files: new FileAccess({ roots: [directory.path, process.cwd()] }) }),
    internals: {
      sleeps,
      pollMs: 10,
      leaseMs: 5000,
      globalSlots: new Semaphore(64),
      sleep: async (milliseconds, signal) => {
        sleeps.push(milliseconds);
        if (signal.aborted) throw signal.reason;
      },
    },
    async close() {
      await store.close();
      if (options.dialect === 'postgres') await dropSchema(testDatabaseUrl ?? '', schema);
      directory.remove();
    },
  };
}
