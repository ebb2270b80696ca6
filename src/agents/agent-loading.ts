import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { importUserModule } from '../core/user-module.ts';
import { decodeUtf8Text, describeUtf8Problem } from '../core/utf8-text.ts';
import { z } from 'zod';
import { agentSpecSchema, type AgentDefinition, type AgentHandler, type AgentSpec } from '../core/agent-spec.ts';
import { didYouMean } from '../core/closest-matches.ts';
import { deferredSchemaFromJsonSchema, schemaFromJsonSchema, type Schema } from '../core/schema.ts';
import { parseFieldByField } from '../config/field-by-field.ts';
import { byFileThenLine, type FileIssue } from '../core/yaml-document.ts';
import { parseAgentFile } from './agent-file.ts';
import { defineAgent, isDefinedAgent } from './define-agent.ts';
import { errorMessage } from '../core/error-message.ts';

export interface AgentLoadIssue extends FileIssue {
  /** The id of the agent the file declares, when it got that far. */
  agentId: string | null;
  severity: 'error' | 'warning';
}

export interface LoadContext {
  /** Handlers that agent files name by id instead of by module. */
  builtinHandlers: Readonly<Record<string, AgentHandler>>;
  /** Names of the tools that exist; undefined: tools are not checked. */
  toolNames: ReadonlySet<string> | undefined;
  /** What is wrong with a model reference other than `default` (an unknown alias, a bad provider), or undefined; absent: models are not checked. */
  checkModel: ((reference: string) => string | undefined) | undefined;
  /**
   * True for the shipped roster: its input and output schemas are compiled on their first use, not at
   * load (the tests compile every one), so opening Nova does not compile 60 schemas it will not use.
   * A user's agent file is always compiled at load, so a broken schema is reported with file and field.
   */
  deferSchemaCompilation?: boolean;
}

/** The agents a refused file names, so the registry can still check them against the others. */
export interface AgentReferences {
  handoffs: readonly string[];
  delegates: readonly string[];
}

export type LoadedFile =
  | { ok: true; definitions: AgentDefinition[]; issues: AgentLoadIssue[] }
  | { ok: false; agentId: string | null; issues: AgentLoadIssue[]; references?: AgentReferences };

/** Agent files of a folder and its subfolders: Markdown (`*.md`, not README.md) and TypeScript (`*.ts`, `*.mts`). */
export function listAgentFiles(directory: string): string[] {
  if (!existsSync(directory)) return [];
  const files: string[] = [];
  for (const entry of readdirSync(directory).sort()) {
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) {
      if (entry !== 'node_modules' && !entry.startsWith('.')) files.push(...listAgentFiles(path));
    } else if ((entry.endsWith('.md') && entry.toLowerCase() !== 'readme.md') || isTypeScriptAgent(entry)) {
      files.push(path);
    }
  }
  return files;
}

function isTypeScriptAgent(entry: string): boolean {
  // Handler modules sit beside agent files; only files named *.agent.ts define agents.
  return entry.endsWith('.agent.ts') || entry.endsWith('.agent.mts');
}

/** Loads one agent file into definitions, or the issues that keep it from loading. */
export async function loadAgentFile(file: string, context: LoadContext): Promise<LoadedFile> {
  return file.endsWith('.md') ? loadMarkdownAgent(file, context) : loadTypeScriptAgents(file, context);
}

async function loadMarkdownAgent(file: string, context: LoadContext): Promise<LoadedFile> {
  const decoded = decodeUtf8Text(readFileSync(file));
  if (!decoded.ok) {
    const { line, column } = decoded.problem;
    return { ok: false, agentId: null, issues: [{ file, line, column, path: '', message: describeUtf8Problem(decoded.problem), agentId: null, severity: 'error' }] };
  }
  const text = decoded.text;
  const parsed = parseAgentFile(text, file);
  // A file the schema refuses is still checked, field by field, against tools, models and handlers:
  // every problem of the file is reported at once, not one layer per fix.
  const spec: Partial<AgentSpec> = parsed.ok ? parsed.value : parseFieldByField(agentSpecSchema, parsed.data);
  const agentId = spec.id ?? /^id:\s*["']?([a-z0-9-]+)["']?\s*$/m.exec(text)?.[1] ?? null;
  const problems: AgentLoadIssue[] = parsed.ok ? [] : parsed.issues.map((issue) => ({ ...issue, agentId, severity: 'error' as const }));
  const issue = (field: string, message: string) => problems.push(issueAt(file, text, agentId, field, message));
  checkTools(spec.tools ?? [], context, issue);
  checkModel(spec.model, context, issue);
  const compile = context.deferSchemaCompilation === true ? deferSchema : compileSchema;
  const inputSchema = compile(spec.input, 'input', issue);
  const outputSchema = compile(spec.output, 'output', issue);
  let handler: AgentHandler | undefined;
  if (spec.handler !== undefined) handler = await resolveHandler(spec.handler, file, context, issue);
  if (!parsed.ok || problems.length > 0) {
    return { ok: false, agentId, issues: byFileThenLine(problems), references: { handoffs: spec.handoffs ?? [], delegates: spec.delegates ?? [] } };
  }
  return { ok: true, definitions: [{ spec: parsed.value, source: file, inputSchema, outputSchema, handler }], issues: warningsFor(parsed.value, file, text) };
}

async function loadTypeScriptAgents(file: string, context: LoadContext): Promise<LoadedFile> {
  let module: Record<string, unknown>;
  try {
    module = await importUserModule(file);
  } catch (error) {
    return { ok: false, agentId: null, issues: [{ file, line: 1, column: 1, path: '', message: `cannot load: ${errorMessage(error)}`, agentId: null, severity: 'error' }] };
  }
  const definitions: AgentDefinition[] = [];
  const issues: AgentLoadIssue[] = [];
  for (const [name, exported] of Object.entries(module)) {
    let values: unknown[];
    try {
      // `export default ({ defineAgent, z }) => defineAgent({...})` needs no import of Nova or zod.
      const produced = typeof exported === 'function' && name === 'default' ? (exported as (kit: unknown) => unknown)({ defineAgent, z }) : exported;
      values = Array.isArray(produced) ? produced : [produced];
    } catch (error) {
      issues.push({ file, line: 1, column: 1, path: name, message: errorMessage(error), agentId: null, severity: 'error' });
      continue;
    }
    for (const value of values) {
      if (!isDefinedAgent(value)) continue;
      const definition: AgentDefinition = { ...value, source: file };
      const before = issues.length;
      const issue = (field: string, message: string) => issues.push({ file, line: 1, column: 1, path: field, message, agentId: definition.spec.id, severity: 'error' });
      checkTools(definition.spec.tools, context, issue);
      checkModel(definition.spec.model, context, issue);
      if (issues.length === before) definitions.push(definition);
    }
  }
  if (definitions.length === 0 && issues.length === 0) {
    issues.push({ file, line: 1, column: 1, path: '', message: 'exports no agent: export defineAgent({...}), or a default function ({ defineAgent, z }) => defineAgent({...})', agentId: null, severity: 'error' });
  }
  if (definitions.length === 0) return { ok: false, agentId: issues[0]?.agentId ?? null, issues };
  return { ok: true, definitions, issues };
}

function checkTools(tools: readonly string[], context: LoadContext, issue: (field: string, message: string) => void): void {
  if (context.toolNames === undefined) return;
  for (const tool of tools) {
    if (!context.toolNames.has(tool)) issue('tools', `unknown tool "${tool}"${didYouMean(tool, [...context.toolNames], 3)}; known tools: ${[...context.toolNames].join(', ') || 'none'}`);
  }
}

function checkModel(reference: string | undefined, context: LoadContext, issue: (field: string, message: string) => void): void {
  // `default` is the configuration's to set (nova doctor says when it is not), not the agent file's.
  if (reference === undefined || reference.trim() === 'default' || context.checkModel === undefined) return;
  const problem = context.checkModel(reference);
  if (problem !== undefined) issue('model', problem);
}

function deferSchema(jsonSchema: Record<string, unknown> | undefined): Schema | undefined {
  return jsonSchema === undefined ? undefined : deferredSchemaFromJsonSchema(jsonSchema);
}

function compileSchema(jsonSchema: Record<string, unknown> | undefined, field: string, issue: (field: string, message: string) => void): Schema | undefined {
  if (jsonSchema === undefined) return undefined;
  try {
    return schemaFromJsonSchema(jsonSchema);
  } catch (error) {
    issue(field, `invalid JSON Schema: ${errorMessage(error).replace(/^Invalid JSON Schema: /, '')}`);
    return undefined;
  }
}

async function resolveHandler(reference: string, file: string, context: LoadContext, issue: (field: string, message: string) => void): Promise<AgentHandler | undefined> {
  if (!reference.includes('#')) {
    const builtin = context.builtinHandlers[reference];
    if (builtin === undefined) {
      issue('handler', `unknown built-in handler "${reference}"${didYouMean(reference, Object.keys(context.builtinHandlers), 3)}; or name a module as ./path/to/module.ts#exportName`);
    }
    return builtin;
  }
  const [modulePath = '', exportName = ''] = reference.split('#');
  const absolute = resolve(dirname(file), modulePath);
  if (!existsSync(absolute)) {
    issue('handler', `handler module ${absolute} does not exist`);
    return undefined;
  }
  let module: Record<string, unknown>;
  try {
    module = await importUserModule(absolute);
  } catch (error) {
    issue('handler', `cannot load handler module ${absolute}: ${errorMessage(error)}`);
    return undefined;
  }
  const handler = module[exportName];
  if (typeof handler !== 'function') {
    issue('handler', `${absolute} has no exported function "${exportName}"; it exports ${Object.keys(module).join(', ') || 'nothing'}`);
    return undefined;
  }
  return handler as AgentHandler;
}

function warningsFor(spec: AgentSpec, file: string, text: string): AgentLoadIssue[] {
  const warnings: AgentLoadIssue[] = [];
  if (spec.samples.length < 3) {
    warnings.push({ ...issueAt(file, text, spec.id, 'samples', `only ${spec.samples.length} sample request(s): the router learns an agent from its samples; give at least 3`), severity: 'warning' });
  }
  return warnings;
}

/** The issue for a top-level field, at the line where the field is written (line 1 when it is absent). */
export function issueAt(file: string, text: string, agentId: string | null, field: string, message: string): AgentLoadIssue {
  const lines = text.split(/\r?\n/);
  const index = field === '' ? -1 : lines.findIndex((line) => line.startsWith(`${field}:`));
  return { file, line: index === -1 ? 1 : index + 1, column: 1, path: field, message, agentId, severity: 'error' };
}
