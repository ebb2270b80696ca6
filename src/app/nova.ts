import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAgentRegistry, type AgentRegistry } from '../agents/agent-registry.ts';
import type { NovaConfig } from '../config/config-schema.ts';
import { configuredSecrets } from '../config/configured-secrets.ts';
import { loadConfig, storeLocation } from '../config/load-config.ts';
import { novaHome, type Environment } from '../config/nova-home.ts';
import type { AgentHandler } from '../core/agent-spec.ts';
import type { SecretRedactor } from '../core/secret-redactor.ts';
import { createBuiltinHandlers } from '../handlers/index.ts';
import type { HandlerDependencies } from '../handlers/handler-dependencies.ts';
import type { PipelineRuntime } from '../pipelines/execution/execution-context.ts';
import { createBuiltinTools } from '../tools/index.ts';
import { loadUserTools, type UserTools } from '../tools/user-tools.ts';
import { modelReferenceProblem } from '../models/model-config.ts';
import { createModelResolver, type ModelResolver } from '../models/model-resolver.ts';
import { isNovaError, NovaError } from '../core/errors.ts';
import { maskedUrl } from '../core/masked-url.ts';
import { openStore, type Store, type StoreAccess } from '../store/store.ts';
import { unavailableStore } from '../store/unavailable-store.ts';
import type { ToolSet } from '../runtime/tool-execution.ts';
import { FileAccess } from '../core/file-access.ts';

/** The agents that ship with Nova (`roster/` at the package root). */
export const shippedRosterDirectory = fileURLToPath(new URL('../../roster', import.meta.url));

/** Everything a front end (CLI, server, worker) needs, built from the environment and the config file. */
export interface Nova {
  home: string;
  config: NovaConfig;
  configFile: string | null;
  env: Environment;
  store: Store;
  /** Masks the configured secrets (environment and config file); the store applies it to all it writes. */
  redactor: SecretRedactor;
  /**
   * Why the store could not be opened, when opened with `storeFailure: 'report'` (`nova doctor`);
   * `store` then fails every use with it. Null otherwise.
   */
  storeProblem: NovaError | null;
  agents: AgentRegistry;
  tools: ToolSet;
  /** The tools the user wrote (`$NOVA_HOME/tools`, `tools.directories`): which file each came from, and the problems of tool files. */
  userTools: UserTools;
  resolveModel: ModelResolver;
  /** Which files agents may use: the current directory, `$NOVA_HOME` and `files.roots` (see novaFileAccess). */
  files: FileAccess;
  close(): Promise<void>;
}

export interface OpenNovaOptions {
  env: Environment;
  /** Handlers agent files may name by id, added to the ones that ship with Nova (a shipped name is an error). */
  handlers?: Readonly<Record<string, AgentHandler>>;
  /** Tools agents may allow, added to the built-in tools (a built-in's name is an error). */
  tools?: ToolSet;
  /** `read` for commands that only read: a store that cannot be written here is opened read-only. Default `write`. */
  storeAccess?: StoreAccess;
  /** `throw` (default): a store that cannot be opened is the error. `report`: Nova opens anyway and says why in `storeProblem`. */
  storeFailure?: 'throw' | 'report';
}

/**
 * Opens Nova: `$NOVA_HOME`, the config file (validated), the redactor of its secrets, the store (migrated), the built-in tools and
 * handlers (which may use the store), the agents (shipped, then the user's, which override by id) and
 * the model resolver. Configuration errors are thrown here.
 */
export async function openNova(options: OpenNovaOptions): Promise<Nova> {
  const home = novaHome(options.env);
  const { config, file, agentDirectoryLocations, toolDirectoryLocations } = loadConfig(home);
  const redactor = configuredSecrets({ env: options.env, config });
  const { store, storeProblem } = await openStoreFor(storeLocation(home, options.env), redactor, options);
  try {
    const dependencies = { store, home, env: options.env };
    const programTools = withAdditions('tool', createBuiltinTools(dependencies), options.tools ?? new Map());
    const userTools = await loadUserTools(
      [{ path: join(home, 'tools') }, ...config.tools.directories.map((path, index) => ({ path, declaredAt: toolDirectoryLocations[index] }))],
      new Set(programTools.keys()),
    );
    const tools: ToolSet = new Map([...programTools, ...userTools.tools.map((entry) => [entry.tool.name, entry.tool] as const)]);
    // Handlers that run pipelines use this Nova's runtime, made when first asked for (after the agents exist).
    let pipelines: Promise<PipelineRuntime> | undefined;
    const handlerDependencies: HandlerDependencies = { ...dependencies, pipelineRuntime: () => (pipelines ??= pipelineRuntimeOf(nova)) };
    const builtinHandlers = createBuiltinHandlers(handlerDependencies);
    const handlers = withAdditions('handler', new Map(Object.entries(builtinHandlers)), new Map(Object.entries(options.handlers ?? {})));
    const agents = await loadAgentRegistry({
      directories: [
        { path: shippedRosterDirectory, origin: 'shipped' },
        { path: join(home, 'agents'), origin: 'user' },
        ...config.agents.directories.map((path, index) => ({ path, origin: 'user' as const, declaredAt: agentDirectoryLocations[index] })),
      ],
      toolNames: new Set(tools.keys()),
      checkModel: (reference) => modelReferenceProblem({ reference, settings: config.models, env: options.env }),
      builtinHandlers: Object.fromEntries(handlers),
    });
    const nova: Nova = {
      home,
      config,
      configFile: file,
      env: options.env,
      store,
      redactor,
      storeProblem,
      agents,
      tools,
      userTools,
      resolveModel: createModelResolver({ settings: config.models, env: options.env }),
      files: novaFileAccess(home, config, file),
      close: () => store.close(),
    };
    return nova;
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** The pipeline runtime of an open Nova; the pipeline modules load only when a pipeline is first run. */
async function pipelineRuntimeOf(nova: Nova): Promise<PipelineRuntime> {
  const { pipelineRuntime } = await import('../pipelines/pipeline-runtime.ts');
  return pipelineRuntime(nova);
}

/** The built-ins with what the embedding program adds; a name both have is an error, never a silent override. */
function withAdditions<Value>(kind: 'tool' | 'handler', builtins: ReadonlyMap<string, Value>, additions: ReadonlyMap<string, Value>): ReadonlyMap<string, Value> {
  const merged = new Map(builtins);
  for (const [name, value] of additions) {
    if (merged.has(name)) {
      throw new NovaError({
        code: 'config_invalid',
        fault: 'user',
        message: `The ${kind} "${name}" given to openNova has the name of a built-in ${kind}`,
        hint: `Give your ${kind} another name; built-in ${kind}s cannot be replaced.`,
      });
    }
    merged.set(name, value);
  }
  return merged;
}

/**
 * The files agents of this Nova may use: inside the current directory, `$NOVA_HOME` and the config's
 * `files.roots`, never the store's files or the config itself (it may hold secrets).
 */
export function novaFileAccess(home: string, config: NovaConfig, configFile: string | null): FileAccess {
  const store = join(home, 'nova.db');
  return new FileAccess({
    roots: [process.cwd(), home, ...config.files.roots],
    denied: [store, `${store}-wal`, `${store}-shm`, `${store}-journal`, join(home, 'config.yaml')],
    configFile: configFile ?? join(home, 'config.yaml'),
  });
}

async function openStoreFor(
  location: ReturnType<typeof storeLocation>,
  redactor: SecretRedactor,
  options: Pick<OpenNovaOptions, 'storeAccess' | 'storeFailure'>,
): Promise<{ store: Store; storeProblem: NovaError | null }> {
  const storeOptions = location.dialect === 'sqlite' ? { ...location, redactor, access: options.storeAccess ?? 'write' } : { ...location, redactor };
  try {
    return { store: await openStore(storeOptions), storeProblem: null };
  } catch (error) {
    if (options.storeFailure !== 'report' || !isNovaError(error)) throw error;
    const shownLocation = location.dialect === 'sqlite' ? location.path : maskedUrl(location.url);
    return { store: unavailableStore({ dialect: location.dialect, location: shownLocation, problem: error, redactor }), storeProblem: error };
  }
}
