import { lstatSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AgentDefinition } from '../core/agent-spec.ts';
import { NovaError } from '../core/errors.ts';
import type { FileAccess, FileAccessPurpose } from '../core/file-access.ts';

/** A top-level input field that holds a path, and whether the agent reads or writes it. */
export interface PathField {
  field: string;
  purpose: Exclude<FileAccessPurpose, 'use'>;
}

/**
 * The input fields of an agent that name files: those whose JSON Schema says `format: path` (read) or
 * `format: output-path` (written), and, so that an agent file that forgot the format is not a hole,
 * string fields named `file`, `path` or ending in `File`/`Path` (`output…` ones are written).
 */
export function pathFields(agent: AgentDefinition): PathField[] {
  const properties = agent.inputSchema?.jsonSchema['properties'];
  if (typeof properties !== 'object' || properties === null) return [];
  const fields: PathField[] = [];
  for (const [field, schema] of Object.entries(properties as Record<string, unknown>)) {
    const format = typeof schema === 'object' && schema !== null ? (schema as { format?: unknown }).format : undefined;
    if (format === 'output-path') fields.push({ field, purpose: 'write' });
    else if (format === 'path' || /^(file|path)$|(File|Path)$/.test(field)) fields.push({ field, purpose: /^output/.test(field) ? 'write' : 'read' });
  }
  return fields;
}

/**
 * Checks the paths of a validated input before its run begins, so a path outside the allowed roots,
 * a file that does not exist or a directory given as a file is a bad invocation (thrown: exit 2, no
 * run) the same way for every agent. So is an output path that is a directory, and, for an agent whose
 * input has an `overwrite` field, an output file that already exists unless the input says
 * `overwrite: true` (the agent's own write refuses one that appears after this check). Returns the
 * input with each path replaced by its real path: what the agent opens is what was checked.
 */
export function checkInputPaths(agent: AgentDefinition, input: unknown, files: FileAccess): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const fields = pathFields(agent);
  if (fields.length === 0) return input;
  const checked: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  for (const { field, purpose } of fields) {
    const value = checked[field];
    if (typeof value !== 'string' || value === '') continue;
    const real = files.resolve(value, { purpose, field, agentId: agent.spec.id });
    if (purpose === 'read') requireFile(agent, field, value, real);
    else {
      requireDirectory(agent, field, value, dirname(real));
      refuseTakenOutput(agent, field, value, real, checked['overwrite'] === true);
    }
    checked[field] = real;
  }
  return checked;
}

function requireFile(agent: AgentDefinition, field: string, given: string, real: string): void {
  const problem = statProblem(real, 'file');
  if (problem === null) return;
  throw new NovaError({
    code: 'input_invalid',
    fault: 'user',
    message: `${agent.spec.id}: ${field} ${given} ${problem}`,
    hint: `Check the path (relative paths are resolved from ${process.cwd()}).`,
    details: { field, path: given, resolvedPath: real },
  });
}

function requireDirectory(agent: AgentDefinition, field: string, given: string, directory: string): void {
  const problem = statProblem(directory, 'directory');
  if (problem === null) return;
  throw new NovaError({
    code: 'input_invalid',
    fault: 'user',
    message: `${agent.spec.id}: ${field} ${given} cannot be written: its folder ${directory} ${problem}`,
    hint: 'Create the folder first, or give a path in an existing folder.',
    details: { field, path: given, directory },
  });
}

/** An output path holding a directory, or (without overwrite, for agents that offer it) anything at all. */
function refuseTakenOutput(agent: AgentDefinition, field: string, given: string, real: string, overwrite: boolean): void {
  let stats;
  try {
    stats = lstatSync(real);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return;
    throw new NovaError({ code: 'input_invalid', fault: 'user', message: `${agent.spec.id}: ${field} ${given} cannot be checked (${code ?? String(error)})`, hint: 'Check the path and its permissions.', cause: error, details: { field, path: given, resolvedPath: real } });
  }
  const problem = stats.isDirectory() ? 'is a directory, not a file' : !overwrite && offersOverwrite(agent) ? 'already exists' : null;
  if (problem === null) return;
  throw new NovaError({
    code: 'input_invalid',
    fault: 'user',
    message: `${agent.spec.id}: ${field} ${given} ${problem}${real === given ? '' : ` (${real})`}`,
    hint: problem === 'already exists' ? `pass overwrite: true or choose another ${field}` : `Give the path of a file to write, e.g. ${real}/report.md.`,
    details: { field, path: given, resolvedPath: real },
  });
}

/** Whether the agent's input has an `overwrite` field: the agent's promise to replace only when asked. */
function offersOverwrite(agent: AgentDefinition): boolean {
  const properties = agent.inputSchema?.jsonSchema['properties'];
  return typeof properties === 'object' && properties !== null && 'overwrite' in properties;
}

function statProblem(path: string, expected: 'file' | 'directory'): string | null {
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'does not exist';
    if (code === 'EACCES' || code === 'EPERM') return 'cannot be read: permission denied';
    return `cannot be read (${code ?? String(error)})`;
  }
  if (expected === 'file' && stats.isDirectory()) return 'is a directory, not a file';
  if (expected === 'directory' && !stats.isDirectory()) return 'is not a directory';
  return null;
}
