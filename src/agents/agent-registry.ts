import { readFileSync, statSync } from 'node:fs';
import type { AgentDefinition, AgentHandler, AgentSummary } from '../core/agent-spec.ts';
import { closestMatches, didYouMean } from '../core/closest-matches.ts';
import { NovaError } from '../core/errors.ts';
import { byFileThenLine, formatFileIssues, type FileLocation } from '../core/yaml-document.ts';
import { issueAt, listAgentFiles, loadAgentFile, type AgentLoadIssue, type AgentReferences } from './agent-loading.ts';

export type { AgentLoadIssue } from './agent-loading.ts';

export interface AgentDirectory {
  path: string;
  /** Shipped agents come first; a user agent with the same id overrides a shipped one. */
  origin: 'shipped' | 'user';
  /** Where the configuration names this folder; a configured folder that is missing is warned about there. */
  declaredAt?: FileLocation;
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
  /** What handlers that plan with agents see of each. */
  summaries(): AgentSummary[];
  /** Problems found while loading, errors and warnings; one bad file never hides the other agents. */
  readonly issues: readonly AgentLoadIssue[];
}

export interface LoadAgentRegistryOptions {
  directories: readonly AgentDirectory[];
  /** Handlers that agent files name by id instead of by module. */
  builtinHandlers?: Readonly<Record<string, AgentHandler>>;
  /** Names of the tools that exist; an agent allowing any other tool is refused. */
  toolNames?: ReadonlySet<string>;
  /** What is wrong with a model an agent names (other than `default`), or undefined; an agent naming a bad one is refused. */
  checkModel?: (reference: string) => string | undefined;
}

/**
 * Loads every agent file of the given directories, in order, and checks them: each file on its own
 * (front matter, schemas, tools, handler), then all together (duplicate ids, handoff and delegate targets).
 */
export async function loadAgentRegistry(options: LoadAgentRegistryOptions): Promise<AgentRegistry> {
  const agents = new Map<string, LoadedAgent>();
  const issues: AgentLoadIssue[] = [];
  const refused = new Map<string, AgentLoadIssue[]>();
  const context = { builtinHandlers: options.builtinHandlers ?? {}, toolNames: options.toolNames, checkModel: options.checkModel };
  // What refused files name, checked with the others once all are known.
  const refusedReferences: Array<{ agentId: string; file: string; references: AgentReferences }> = [];

  for (const directory of options.directories) {
    const folderProblem = directory.declaredAt === undefined ? undefined : missingFolder(directory.path);
    if (directory.declaredAt !== undefined && folderProblem !== undefined) {
      // A folder the user configured and that is not there is most likely a typo: its agents are missing.
      issues.push({ ...directory.declaredAt, message: `agent folder ${directory.path} ${folderProblem}: create it, or correct or remove this entry of agents.directories`, agentId: null, severity: 'warning' });
      continue;
    }
    const seenInDirectory = new Map<string, string>();
    for (const file of listAgentFiles(directory.path)) {
      const loaded = await loadAgentFile(file, { ...context, deferSchemaCompilation: directory.origin === 'shipped' });
      issues.push(...loaded.issues);
      if (!loaded.ok) {
        if (loaded.agentId !== null) {
          refused.set(loaded.agentId, loaded.issues);
          if (loaded.references !== undefined) refusedReferences.push({ agentId: loaded.agentId, file, references: loaded.references });
        }
        continue;
      }
      for (const definition of loaded.definitions) {
        const id = definition.spec.id;
        const earlier = seenInDirectory.get(id);
        if (earlier !== undefined) {
          const duplicate = issueAt(file, sourceText(file), id, 'id', `duplicate agent id "${id}": already defined in ${earlier}`);
          issues.push(duplicate);
          continue;
        }
        seenInDirectory.set(id, file);
        const previous = agents.get(id);
        agents.set(id, { ...definition, origin: directory.origin, overrides: previous === undefined ? [] : [...previous.overrides, previous.source] });
        refused.delete(id);
      }
    }
  }

  // References between agents are checked once all are known, for refused files too (so that every
  // problem of a file shows at once); an agent with a broken reference is refused.
  const known = new Set([...agents.keys(), ...refused.keys()]);
  const unknownTargets = (agentId: string, file: string, references: AgentReferences): AgentLoadIssue[] =>
    (['handoffs', 'delegates'] as const).flatMap((field) =>
      references[field].filter((target) => !known.has(target)).map((target) => issueAt(file, sourceText(file), agentId, field, `unknown agent "${target}"${didYouMean(target, [...agents.keys()], 3)}`)),
    );
  for (const agent of [...agents.values()]) {
    const problems = unknownTargets(agent.spec.id, agent.source, agent.spec);
    if (problems.length > 0) {
      issues.push(...problems);
      agents.delete(agent.spec.id);
      refused.set(agent.spec.id, problems);
    }
  }
  for (const { agentId, file, references } of refusedReferences) {
    const problems = unknownTargets(agentId, file, references);
    issues.push(...problems);
    const earlier = refused.get(agentId);
    if (earlier !== undefined && problems.length > 0) refused.set(agentId, byFileThenLine([...earlier, ...problems]));
  }

  const list = [...agents.values()].sort((left, right) => left.spec.id.localeCompare(right.spec.id));
  return {
    issues: byFileThenLine(issues),
    has: (id) => agents.has(id),
    list: () => list,
    summaries: () => list.map((agent) => ({ id: agent.spec.id, name: agent.spec.name, category: agent.spec.category, description: agent.spec.description })),
    get(id) {
      const agent = agents.get(id);
      if (agent !== undefined) return agent;
      const problems = refused.get(id);
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

function sourceText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    // A TypeScript agent's source may be gone (or not a file): the issue then points at line 1.
    return '';
  }
}

/** Why a configured agent folder cannot be read (`does not exist`, `is not a folder`), or undefined. */
function missingFolder(path: string): string | undefined {
  try {
    return statSync(path).isDirectory() ? undefined : 'is not a folder';
  } catch (error) {
    // Only "not there" is a warning; any other failure (permissions, I/O) is for the caller to see.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'does not exist';
    throw error;
  }
}
