import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentRegistry } from '../agents/agent-registry.ts';
import { byFileThenLine, formatFileIssues } from '../core/yaml-document.ts';
import { closestMatches } from '../core/closest-matches.ts';
import { NovaError } from '../core/errors.ts';
import { decodeUtf8Text, describeUtf8Problem } from '../core/utf8-text.ts';
import type { ToolSet } from '../runtime/tool-execution.ts';
import type { PipelineDefinition, PipelineIssue, PipelineLoadResult, PipelineOrigin } from './pipeline-definition.ts';
import { loadPipelineText } from './pipeline-loading.ts';
import { checkPipelineReferences, nestedPipelineIds, type PipelineLookup } from './pipeline-references.ts';
import { SourcePositions } from './source-positions.ts';

export interface PipelineDirectory {
  path: string;
  /** Shipped pipelines come first; a user's pipeline with the same id overrides a shipped one. */
  origin: 'shipped' | 'user';
}

export interface PipelineRegistry {
  /** The pipeline, or `pipeline_not_found` (with the closest ids) or `pipeline_invalid` (with its file's issues). */
  get(id: string): PipelineDefinition;
  has(id: string): boolean;
  list(): PipelineDefinition[];
  /** Every problem found while loading; one bad file never hides the other pipelines. */
  readonly issues: readonly PipelineIssue[];
  /** Pipelines whose files are invalid, by id (or file, when the id could not be read). */
  refused(): Array<{ id: string | null; file: string; issues: PipelineIssue[] }>;
  /** Loads and checks a file outside the directories (`nova pipeline validate ./x.yaml`), against the same agents, tools and pipelines. */
  loadFile(path: string): PipelineLoadResult;
}

export interface LoadPipelineRegistryOptions {
  directories: readonly PipelineDirectory[];
  agents: AgentRegistry;
  tools: ToolSet;
}

/** The folder of the pipelines that ship with Nova. */
export const shippedPipelinesDirectory = fileURLToPath(new URL('../../roster/pipelines', import.meta.url));

/** Where a user's pipelines live: `$NOVA_HOME/pipelines`. */
export function userPipelinesDirectory(home: string): string {
  return join(home, 'pipelines');
}

/** The registry of a Nova: shipped pipelines, then the user's. */
export function loadNovaPipelines(nova: { home: string; agents: AgentRegistry; tools: ToolSet }): PipelineRegistry {
  return loadPipelineRegistry({
    directories: [
      { path: shippedPipelinesDirectory, origin: 'shipped' },
      { path: userPipelinesDirectory(nova.home), origin: 'user' },
    ],
    agents: nova.agents,
    tools: nova.tools,
  });
}

/** Pipeline files of a folder and its subfolders: `*.yaml` and `*.yml`. */
export function listPipelineFiles(directory: string): string[] {
  if (!existsSync(directory)) return [];
  const files: string[] = [];
  for (const entry of readdirSync(directory).sort()) {
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) {
      if (!entry.startsWith('.') && entry !== 'node_modules') files.push(...listPipelineFiles(path));
    } else if (entry.endsWith('.yaml') || entry.endsWith('.yml')) {
      files.push(path);
    }
  }
  return files;
}

/**
 * Loads every pipeline file of the directories and checks each: on its own (fields, expressions, the
 * DAG), then against the agents, tools and other pipelines it names. A pipeline with any error is
 * refused (and so is one that runs a refused pipeline); the others load.
 */
export function loadPipelineRegistry(options: LoadPipelineRegistryOptions): PipelineRegistry {
  const loaded = new Map<string, PipelineDefinition>();
  const refused = new Map<string, { id: string | null; file: string; issues: PipelineIssue[] }>();
  const issues: PipelineIssue[] = [];
  // What could be read of refused files: checked against the others too, so every problem shows at once.
  const readableRefused = new Map<string, PipelineDefinition>();

  for (const directory of options.directories) {
    const seenInDirectory = new Map<string, string>();
    for (const file of listPipelineFiles(directory.path)) {
      const result = readPipelineFile(file, directory.origin);
      issues.push(...result.issues);
      if (!result.ok) {
        refused.set(result.pipelineId ?? file, { id: result.pipelineId, file, issues: result.issues });
        if (result.readable !== undefined) readableRefused.set(result.pipelineId ?? file, result.readable);
        if (result.pipelineId !== null) loaded.delete(result.pipelineId);
        continue;
      }
      const id = result.pipeline.id;
      const earlier = seenInDirectory.get(id);
      if (earlier !== undefined) {
        const duplicate: PipelineIssue = { ...new SourcePositions(file, result.pipeline.source).issue(['id'], `duplicate pipeline id "${id}": already defined in ${earlier}`), severity: 'error', pipelineId: id };
        issues.push(duplicate);
        continue;
      }
      seenInDirectory.set(id, file);
      loaded.set(id, result.pipeline);
      refused.delete(id);
      readableRefused.delete(id);
    }
  }

  const lookup: PipelineLookup = {
    find: (id) => loaded.get(id),
    isRefused: (id) => refused.has(id),
    ids: () => [...loaded.keys()],
  };
  // Refusing one pipeline can refuse those that run it: check again until nothing changes.
  // Each pass checks every pipeline against the same set, so each is told its own problem (both ends
  // of a cycle say so) rather than that its partner was refused first.
  for (let changed = true; changed; ) {
    const found = [...loaded.values()].map((pipeline) => ({ pipeline, problems: [...checkPipelineReferences(pipeline, { ...options, pipelines: lookup }), ...nestedCycleIssues(pipeline, loaded)] }));
    changed = false;
    for (const { pipeline, problems } of found) {
      if (problems.length === 0) continue;
      issues.push(...problems);
      loaded.delete(pipeline.id);
      refused.set(pipeline.id, { id: pipeline.id, file: pipeline.file, issues: problems });
      changed = true;
    }
  }

  for (const [key, pipeline] of readableRefused) {
    const problems = checkPipelineReferences(pipeline, { ...options, pipelines: lookup });
    const entry = refused.get(key);
    if (problems.length === 0 || entry === undefined) continue;
    issues.push(...problems);
    refused.set(key, { ...entry, issues: byFileThenLine([...entry.issues, ...problems]) });
  }

  const list = () => [...loaded.values()].sort((left, right) => left.id.localeCompare(right.id));
  const uniqueIssues = byFileThenLine(dedupe(issues));
  return {
    issues: uniqueIssues,
    has: (id) => loaded.has(id),
    list,
    refused: () => [...refused.values()],
    get(id) {
      const pipeline = loaded.get(id);
      if (pipeline !== undefined) return pipeline;
      const problem = refused.get(id);
      if (problem !== undefined) throw invalidPipeline(id, problem.issues);
      const closest = closestMatches(id, [...loaded.keys()]);
      throw new NovaError({
        code: 'pipeline_not_found',
        fault: 'user',
        message: `No pipeline "${id}"${closest.length > 0 ? `; closest: ${closest.join(', ')}` : ''}`,
        hint: 'List the pipelines with `nova pipeline list`; yours go in $NOVA_HOME/pipelines/<id>.yaml.',
        details: { closest },
      });
    },
    loadFile(path) {
      const file = resolve(path);
      const result = readPipelineFile(file, 'file');
      if (!result.ok) {
        // A refused file is still checked against the agents, tools and pipelines, as far as it can be read.
        if (result.readable === undefined) return result;
        const problems = checkPipelineReferences(result.readable, { ...options, pipelines: lookup });
        return { ...result, issues: byFileThenLine([...result.issues, ...problems]) };
      }
      const withFile = new Map(loaded);
      withFile.set(result.pipeline.id, result.pipeline);
      const problems = [
        ...checkPipelineReferences(result.pipeline, { ...options, pipelines: { ...lookup, find: (id) => withFile.get(id) } }),
        ...nestedCycleIssues(result.pipeline, withFile),
      ];
      const all = byFileThenLine([...result.issues, ...problems]);
      return problems.some((issue) => issue.severity === 'error') ? { ok: false, pipelineId: result.pipeline.id, issues: all } : { ok: true, pipeline: result.pipeline, issues: all };
    },
  };
}

/** `pipeline_invalid` with every issue of the file, as `file:line:column field: message`. */
export function invalidPipeline(id: string, issues: readonly PipelineIssue[]): NovaError {
  return new NovaError({
    code: 'pipeline_invalid',
    fault: 'user',
    message: `Pipeline "${id}" is invalid:\n${formatFileIssues(issues)}`,
    hint: `Fix the file; \`nova pipeline validate ${id}\` lists every problem.`,
    details: { issues },
  });
}

/** A pipeline that runs itself through other pipelines would never end. */
function nestedCycleIssues(pipeline: PipelineDefinition, pipelines: ReadonlyMap<string, PipelineDefinition>): PipelineIssue[] {
  const trail: string[] = [pipeline.id];
  const visit = (id: string): string[] | undefined => {
    for (const nested of nestedPipelineIds(pipelines.get(id)?.steps ?? [])) {
      if (nested === pipeline.id) return [...trail, nested];
      if (trail.includes(nested)) continue;
      trail.push(nested);
      const cycle = visit(nested);
      if (cycle !== undefined) return cycle;
      trail.pop();
    }
    return undefined;
  };
  const cycle = visit(pipeline.id);
  if (cycle === undefined || cycle.length <= 2) return [];
  const index = pipeline.steps.findIndex((step) => step.kind === 'pipeline' && step.pipelineId === cycle[1]);
  const positions = new SourcePositions(pipeline.file, pipeline.source);
  return [{ ...positions.issue(['steps', Math.max(0, index), 'pipeline'], `nested pipelines run in a cycle: ${cycle.join(' → ')}`), severity: 'error', pipelineId: pipeline.id }];
}

function dedupe(issues: readonly PipelineIssue[]): PipelineIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.file}:${issue.line}:${issue.column}:${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export type { PipelineOrigin };

/** A pipeline file loaded, or refused where its bytes stop being UTF-8 (never read with U+FFFD in their place). */
function readPipelineFile(file: string, origin: PipelineOrigin): PipelineLoadResult {
  const decoded = decodeUtf8Text(readFileSync(file));
  if (decoded.ok) return loadPipelineText({ file, text: decoded.text, origin });
  const { line, column } = decoded.problem;
  return { ok: false, pipelineId: null, issues: [{ file, line, column, path: '', message: describeUtf8Problem(decoded.problem), severity: 'error', pipelineId: null }] };
}
