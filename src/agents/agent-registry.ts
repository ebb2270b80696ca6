import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AgentDefinition, AgentSpec, AgentHandler } from '../core/agent-spec.ts';
import { closestMatches } from '../core/closest-matches.ts';
import { NovaError } from '../core/errors.ts';
import { schemaFromJsonSchema, type Schema } from '../core/schema.ts';
import { formatFileIssues, type FileIssue } from '../config/yaml-document.ts';
import { parseAgentFile } from './agent-file.ts';

export interface AgentDirectory {
  path: string;
  /** Shipped agents come first; a user agent with the same id overrides a shipped one. */
  origin: 'shipped' | 'user';
}

export interface AgentLoadIssue extends FileIssue {
  /** The id of the agent the file declares, when it got that far. */
  agentId: string | null;
  severity: 'error' | 'warning';
}

export interface LoadedAgent extends AgentDefinition {
  origin: 'shipped' | 'user';
  /** The files of agents with the same id that this one overrides. */
  overrides: string[];
}

export interface AgentRegistry {
  /** The agent, or `agent_not_found` (with the closest ids) or `agent_invalid` (with its file's issues). */
  get(id: string): LoadedAgent;
  has(id: string): boolean;
  list(): LoadedAgent[];
  /** Problems found while loading; one bad file never hides the other agents. */
  readonly issues: readonly AgentLoadIssue[];
}

export interface LoadAgentRegistryOptions {
  directories: readonly AgentDirectory[];
  /** Handlers of code agents that name a built-in handler id instead of a module. */
  builtinHandlers?: Readonly<Record<string, AgentHandler>>;
  /** Names of the tools that exist; an agent allowing any other tool is refused. */
  toolNames?: ReadonlySet<string>;
}

/** Loads every agent file (`*.md`, recursively) of the given directories, in order. */
export async function loadAgentRegistry(options: LoadAgentRegistryOptions): Promise<AgentRegistry> {
  const agents = new Map<string, LoadedAgent>();
  const issues: AgentLoadIssue[] = [];
  const invalid = new Map<string, AgentLoadIssue[]>();

  for (const directory of options.directories) {
    const seenInDirectory = new Map<string, string>();
    for (const file of listAgentFiles(directory.path)) {
      const parsed = parseAgentFile(readFileSync(file, 'utf8'), file);
      if (!parsed.ok) {
        const agentId = declaredId(readFileSync(file, 'utf8'));
        const fileIssues = parsed.issues.map((issue) => ({ ...issue, agentId, severity: 'error' as const }));
        issues.push(...fileIssues);
        if (agentId !== null) invalid.set(agentId, fileIssues);
        continue;
      }
      const spec = parsed.value;
      const earlier = seenInDirectory.get(spec.id);
      if (earlier !== undefined) {
        issues.push(issueAt(file, spec.id, 'id', `duplicate agent id "${spec.id}": already defined in ${earlier}`));
        continue;
      }
      seenInDirectory.set(spec.id, file);
      try {
        const definition = await buildDefinition(spec, file, options);
        const previous = agents.get(spec.id);
        agents.set(spec.id, {
          ...definition,
          origin: directory.origin,
          overrides: previous === undefined ? [] : [...previous.overrides, previous.source],
        });
        invalid.delete(spec.id);
      } catch (error) {
        const fileIssue = issueAt(file, spec.id, fieldOf(error), error instanceof Error ? error.message : String(error));
        issues.push(fileIssue);
        invalid.set(spec.id, [fileIssue]);
      }
    }
  }

  // References between agents are checked once all are known.
  for (const agent of agents.values()) {
    for (const field of ['handoffs', 'delegates'] as const) {
      for (const target of agent.spec[field]) {
        if (!agents.has(target)) {
          issues.push(issueAt(agent.source, agent.spec.id, field, `unknown agent "${target}"${suggestion(target, [...agents.keys()])}`));
        }
      }
    }
  }

  return {
    issues,
    has: (id) => agents.has(id),
    list: () => [...agents.values()].sort((left, right) => left.spec.id.localeCompare(right.spec.id)),
    get(id) {
      const agent = agents.get(id);
      if (agent !== undefined) return agent;
      const problems = invalid.get(id);
      if (problems !== undefined) {
        throw new NovaError({
          code: 'agent_invalid',
          fault: 'user',
          message: `Agent "${id}" is refused because its file is invalid:\n${formatFileIssues(problems)}`,
          hint: 'Fix the file; `nova agents lint` lists every problem.',
          details: { issues: problems },
        });
      }
      const closest = closestMatches(id, [...agents.keys()]);
      throw new NovaError({
        code: 'agent_not_found',
        fault: 'user',
        message: `No agent "${id}"${closest.length > 0 ? `; closest: ${closest.join(', ')}` : ''}`,
        hint: 'List the agents with `nova agents list`.',
        details: { closest },
      });
    },
  };
}

async function buildDefinition(spec: AgentSpec, file: string, options: LoadAgentRegistryOptions): Promise<AgentDefinition> {
  if (options.toolNames !== undefined) {
    for (const tool of spec.tools) {
      if (!options.toolNames.has(tool)) {
        throw withField('tools', `unknown tool "${tool}"${suggestion(tool, [...options.toolNames])}`);
      }
    }
  }
  const inputSchema = compileSchema(spec.input, 'input');
  const outputSchema = compileSchema(spec.output, 'output');
  const handler = spec.engine === 'code' ? await resolveHandler(spec.handler ?? '', file, options) : undefined;
  return { spec, source: file, inputSchema, outputSchema, handler };
}

function compileSchema(jsonSchema: Record<string, unknown> | undefined, field: string): Schema | undefined {
  if (jsonSchema === undefined) return undefined;
  try {
    return schemaFromJsonSchema(jsonSchema);
  } catch (error) {
    throw withField(field, error instanceof Error ? error.message : String(error));
  }
}

async function resolveHandler(reference: string, file: string, options: LoadAgentRegistryOptions): Promise<AgentHandler> {
  if (!reference.includes('#')) {
    const builtin = options.builtinHandlers?.[reference];
    if (builtin === undefined) {
      const known = Object.keys(options.builtinHandlers ?? {});
      throw withField('handler', `unknown built-in handler "${reference}"${suggestion(reference, known)}; or name a module as ./path/to/module.ts#exportName`);
    }
    return builtin;
  }
  const [modulePath, exportName] = reference.split('#') as [string, string];
  const absolute = resolve(dirname(file), modulePath);
  if (!existsSync(absolute)) throw withField('handler', `handler module ${absolute} does not exist`);
  const module = (await import(pathToFileURL(absolute).href)) as Record<string, unknown>;
  const handler = module[exportName];
  if (typeof handler !== 'function') {
    throw withField('handler', `${absolute} has no exported function "${exportName}"`);
  }
  return handler as AgentHandler;
}

function listAgentFiles(directory: string): string[] {
  if (!existsSync(directory)) return [];
  const files: string[] = [];
  for (const entry of readdirSync(directory).sort()) {
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) files.push(...listAgentFiles(path));
    else if (entry.endsWith('.md') && entry.toLowerCase() !== 'readme.md') files.push(path);
  }
  return files;
}

function declaredId(text: string): string | null {
  return /^id:\s*["']?([a-z0-9-]+)["']?\s*$/m.exec(text)?.[1] ?? null;
}

function suggestion(name: string, candidates: string[]): string {
  const closest = closestMatches(name, candidates);
  return closest.length === 0 ? '' : ` (did you mean ${closest.map((value) => `"${value}"`).join(' or ')}?)`;
}

function issueAt(file: string, agentId: string, path: string, message: string): AgentLoadIssue {
  const line = lineOfField(file, path);
  return { file, line, column: 1, path, message, agentId, severity: 'error' };
}

function lineOfField(file: string, field: string): number {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  const index = lines.findIndex((line) => line.startsWith(`${field}:`));
  return index === -1 ? 1 : index + 1;
}

class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function withField(field: string, message: string): FieldError {
  return new FieldError(field, message);
}

function fieldOf(error: unknown): string {
  return error instanceof FieldError ? error.field : '';
}
