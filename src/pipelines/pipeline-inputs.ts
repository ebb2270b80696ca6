import type { FileAccess } from '../core/file-access.ts';
import { isAbsolute, resolve } from 'node:path';
import { didYouMean } from '../core/closest-matches.ts';
import { NovaError } from '../core/errors.ts';
import type { PipelineDefinition } from './pipeline-definition.ts';
import type { InputDeclaration } from './pipeline-spec.ts';
import { errorMessage } from '../core/error-message.ts';

/** Why a value does not fit an input's declaration, or undefined when it fits. */
export function inputValueProblem(declaration: InputDeclaration, value: unknown): string | undefined {
  const fits =
    declaration.type === 'string' ? typeof value === 'string'
    : declaration.type === 'number' ? typeof value === 'number' && Number.isFinite(value)
    : declaration.type === 'integer' ? Number.isInteger(value)
    : declaration.type === 'boolean' ? typeof value === 'boolean'
    : declaration.type === 'array' ? Array.isArray(value)
    : typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!fits) return `must be ${article(declaration.type)} ${declaration.type}, got ${describeValue(value)}`;
  if (declaration.enum !== undefined && !declaration.enum.some((allowed) => allowed === value)) {
    return `must be one of ${declaration.enum.map((allowed) => JSON.stringify(allowed)).join(', ')}, got ${JSON.stringify(value)}`;
  }
  if (declaration.pattern !== undefined && typeof value === 'string' && !new RegExp(declaration.pattern, 'u').test(value)) {
    return `must match ${declaration.pattern}, got ${JSON.stringify(value)}`;
  }
  return undefined;
}

/** Whether the input must be given (it is required and has no default). */
export function isRequiredInput(declaration: InputDeclaration): boolean {
  return declaration.default === undefined && declaration.required !== false;
}

export interface ResolveInputsOptions {
  /** Relative `format: path` inputs are made absolute from here; default: the process's directory. */
  cwd?: string;
}

/**
 * The inputs a run starts with: the given values checked against the pipeline's declarations,
 * defaults filled in, `format: path` values made absolute. Every problem at once, as `input_invalid`.
 */
export function resolvePipelineInputs(pipeline: PipelineDefinition, given: Readonly<Record<string, unknown>>, options: ResolveInputsOptions = {}): Record<string, unknown> {
  const problems: string[] = [];
  const names = Object.keys(pipeline.inputs);
  for (const name of Object.keys(given)) {
    if (pipeline.inputs[name] === undefined) {
      problems.push(`unknown input "${name}"${didYouMean(name, names)}`);
    }
  }
  const resolved: Record<string, unknown> = {};
  for (const [name, declaration] of Object.entries(pipeline.inputs)) {
    let value = given[name];
    if (value === undefined) value = declaration.default;
    if (value === undefined) {
      if (isRequiredInput(declaration)) problems.push(`input "${name}" is required${declaration.description === undefined ? '' : ` (${declaration.description})`}`);
      continue;
    }
    const problem = inputValueProblem(declaration, value);
    if (problem !== undefined) {
      problems.push(`input "${name}" ${problem}`);
      continue;
    }
    resolved[name] = declaration.format === 'path' && typeof value === 'string' && !isAbsolute(value) ? resolve(options.cwd ?? process.cwd(), value) : value;
  }
  if (problems.length > 0) {
    throw new NovaError({
      code: 'input_invalid',
      fault: 'user',
      message: `Inputs for pipeline ${pipeline.id} are invalid: ${problems.join('; ')}`,
      hint: `The inputs are: ${describeInputs(pipeline)}. Give them as --input name=value.`,
      details: { problems },
    });
  }
  return resolved;
}

/** `file (string, required): path of the AIREP file, month (string, default "2024-10")`. */
export function describeInputs(pipeline: PipelineDefinition): string {
  const entries = Object.entries(pipeline.inputs);
  if (entries.length === 0) return 'none';
  return entries
    .map(([name, declaration]) => {
      const flags = [declaration.type, isRequiredInput(declaration) ? 'required' : declaration.default === undefined ? 'optional' : `default ${JSON.stringify(declaration.default)}`];
      return `${name} (${flags.join(', ')})${declaration.description === undefined ? '' : `: ${declaration.description}`}`;
    })
    .join('; ');
}

/**
 * Reads a `--input name=value` text as the declared type: strings as they are, numbers, booleans,
 * arrays and objects as JSON.
 */
export function parseInputText(pipeline: PipelineDefinition, name: string, text: string): unknown {
  const declaration = pipeline.inputs[name];
  if (declaration === undefined || declaration.type === 'string') return text;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new NovaError({
      code: 'input_invalid',
      fault: 'user',
      message: `Input "${name}" of pipeline ${pipeline.id} is ${article(declaration.type)} ${declaration.type}, and "${text}" is not one: ${errorMessage(error)}`,
      hint: declaration.type === 'object' || declaration.type === 'array' ? `Give it as JSON, e.g. --input '${name}={"key": "value"}'.` : `e.g. --input ${name}=${declaration.type === 'boolean' ? 'true' : '3'}.`,
      cause: error,
    });
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? 'an' : 'a';
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 39)}…` : value)}`;
  return `${typeof value} ${typeof value === 'object' ? '' : JSON.stringify(value)}`.trim();
}

/**
 * A `format: path` input outside the allowed roots (and not allowed with --allow-path) is refused
 * before the run (or the schedule) exists, rather than at the step that first opens it.
 */
export function confinePathInputs(pipeline: PipelineDefinition, inputs: Record<string, unknown>, files: FileAccess): Record<string, unknown> {
  for (const [name, declaration] of Object.entries(pipeline.inputs)) {
    const value = inputs[name];
    if (declaration.format === 'path' && typeof value === 'string') files.resolve(value, { purpose: 'use', field: `input "${name}"`, agentId: `pipeline ${pipeline.id}` });
  }
  return inputs;
}
