import type { z } from 'zod';
import { NovaError } from '../core/errors.ts';
import { formatIssues, schemaFromZod, type ValidationIssue } from '../core/schema.ts';
import { toolNamePattern, type ToolContext, type ToolDefinition } from '../core/tool-spec.ts';

/** A tool written in TypeScript: zod schemas for its input (and output), and what it does. */
export interface DefineToolOptions<Input, Output> {
  /** What models call it by, and agents allow it by: letters, digits, `_` and `-`, starting with a letter. */
  name: string;
  /** What it does and when to use it: the model reads this to decide whether to call it. */
  description: string;
  input: z.ZodType<Input>;
  output?: z.ZodType<Output>;
  /** Default 30 s. */
  timeoutMs?: number;
  /** Runs the tool. `context` has the run id, an abort signal, and an idempotency key stable across resumes. */
  execute: (input: Input, context: ToolContext) => Promise<Output>;
}

// A registered symbol, not a WeakSet: a tool file outside this package may get its own copy of this module.
const definedToolMark = Symbol.for('nova.defined-tool');

/**
 * Defines a tool. Put the file in `$NOVA_HOME/tools/` as `<name>.tool.mts` (or in a folder named by
 * `tools.directories` in config) and export the tool by default; agents use it by naming it in `tools`.
 *
 * @example
 * import { defineTool, z } from 'nova';
 * export default defineTool({
 *   name: 'roll_dice', description: 'Rolls a die with the given number of sides.',
 *   input: z.object({ sides: z.number().int().min(2) }),
 *   output: z.object({ value: z.number().int() }),
 *   execute: async ({ sides }) => ({ value: 1 + Math.floor(Math.random() * sides) }),
 * });
 */
export function defineTool<Input, Output>(options: DefineToolOptions<Input, Output>): ToolDefinition<Input, Output> {
  const issues = definitionIssues(options as unknown as Record<string, unknown> | undefined);
  if (issues.length > 0) {
    throw new NovaError({
      code: 'config_invalid',
      fault: 'user',
      message: `defineTool(${JSON.stringify(options?.name ?? null)}): ${formatIssues(issues)}`,
      hint: 'Fix the fields named; the tool contract is described in the README under Tools.',
      details: { issues },
    });
  }
  const definition: ToolDefinition<Input, Output> = {
    name: options.name,
    description: options.description.trim(),
    input: schemaFromZod(options.input),
    ...(options.output === undefined ? {} : { output: schemaFromZod(options.output) }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    execute: options.execute,
  };
  Object.defineProperty(definition, definedToolMark, { value: true });
  return definition;
}

/** Whether a module export is a tool made by `defineTool`. */
export function isDefinedTool(value: unknown): value is ToolDefinition {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[definedToolMark] === true;
}

/** Checks what was given as it is (a JavaScript file has no compiler to check it first). */
function definitionIssues(options: Record<string, unknown> | undefined): ValidationIssue[] {
  if (typeof options !== 'object' || options === null) return [{ path: '', rule: 'type', message: 'expected an object with name, description, input and execute' }];
  const issues: ValidationIssue[] = [];
  const add = (path: string, rule: string, message: string) => issues.push({ path, rule, message });
  if (typeof options.name !== 'string') add('name', 'required', 'is required (a string)');
  else if (!toolNamePattern.test(options.name)) add('name', 'pattern', `"${options.name}" must start with a letter and hold only letters, digits, _ and - (at most 64)`);
  if (typeof options.description !== 'string' || options.description.trim() === '') add('description', 'required', 'is required: say what the tool does, for the model');
  if (!isZodSchema(options.input)) add('input', 'type', 'must be a zod schema (z.object({...}))');
  if (options.output !== undefined && !isZodSchema(options.output)) add('output', 'type', 'must be a zod schema when given');
  if (typeof options.execute !== 'function') add('execute', 'type', 'must be an async function (input, context) => output');
  if (options.timeoutMs !== undefined && !(typeof options.timeoutMs === 'number' && Number.isInteger(options.timeoutMs) && options.timeoutMs > 0)) add('timeoutMs', 'type', 'must be a positive whole number of milliseconds');
  return issues;
}

function isZodSchema(value: unknown): value is z.ZodType {
  return typeof value === 'object' && value !== null && typeof (value as { safeParse?: unknown }).safeParse === 'function';
}
