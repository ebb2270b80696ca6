import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { z } from 'zod';
import { NovaError } from './errors.ts';
import { errorMessage } from './error-message.ts';

export type JsonSchema = Record<string, unknown>;

export interface ValidationIssue {
  /** Where in the value, as a JSON pointer-like dotted path ('' is the value itself). */
  path: string;
  /** What rule failed (`required`, `type`, `enum`, ...). */
  rule: string;
  message: string;
}

export type ValidationResult<Value> =
  | { ok: true; value: Value }
  | { ok: false; issues: ValidationIssue[] };

/**
 * A schema Nova can both show to a model (as JSON Schema) and check values against. Agents written as
 * files give JSON Schema; agents written in TypeScript give zod. Both end up here.
 */
export interface Schema<Value = unknown> {
  readonly jsonSchema: JsonSchema;
  validate(value: unknown): ValidationResult<Value>;
}

// `verbose` keeps each failing keyword's schema on the error, for the one-of message below.
const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
// Marks for the runtime, not checks: a `path` field is a file an agent reads, an `output-path` one it
// writes; the runtime confines both to the allowed roots before the run starts (runtime/input-paths.ts).
ajv.addFormat('path', true);
ajv.addFormat('output-path', true);
const compiled = new WeakMap<JsonSchema, ValidateFunction>();

/** A schema from JSON Schema (draft-07 and later keywords Ajv understands). Throws on a schema that does not compile. */
export function schemaFromJsonSchema<Value = unknown>(jsonSchema: JsonSchema): Schema<Value> {
  let validateFunction = compiled.get(jsonSchema);
  if (validateFunction === undefined) {
    try {
      validateFunction = ajv.compile(jsonSchema);
    } catch (error) {
      throw new NovaError({
        code: 'config_invalid',
        fault: 'user',
        message: `Invalid JSON Schema: ${errorMessage(error)}`,
        hint: 'Fix the schema; see https://json-schema.org/understanding-json-schema for the keywords.',
        cause: error,
      });
    }
    compiled.set(jsonSchema, validateFunction);
  }
  const check = validateFunction;
  return {
    jsonSchema,
    validate(value) {
      if (check(value)) return { ok: true, value: value as Value };
      return { ok: false, issues: issuesFromAjv(check.errors ?? []) };
    },
  };
}

/**
 * A schema from JSON Schema that compiles on its first check instead of now. For schemas already known
 * to compile (the shipped roster's, which the tests compile): opening Nova then costs no compilation
 * for agents it does not run. A schema that does not compile fails that first check with `config_invalid`.
 */
export function deferredSchemaFromJsonSchema<Value = unknown>(jsonSchema: JsonSchema): Schema<Value> {
  let schema: Schema<Value> | undefined;
  return {
    jsonSchema,
    validate(value) {
      schema ??= schemaFromJsonSchema<Value>(jsonSchema);
      return schema.validate(value);
    },
  };
}

export function schemaFromZod<Value>(zodSchema: z.ZodType<Value>): Schema<Value> {
  const jsonSchema = z.toJSONSchema(zodSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return {
    jsonSchema,
    validate(value) {
      const result = zodSchema.safeParse(value);
      if (result.success) return { ok: true, value: result.data };
      return { ok: false, issues: issuesFromZod(result.error) };
    },
  };
}

export function issuesFromZod(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    rule: issue.code,
    message: issue.message,
  }));
}

/** One line per issue, `path: message`, for error messages. */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((issue) => `${issue.path === '' ? '(value)' : issue.path}: ${issue.message}`).join('; ');
}

/**
 * Ajv's errors as issues. A `oneOf` whose branches only require fields (`oneOf: [{required: [text]},
 * {required: [file]}]`, the "give exactly one of" rule) becomes one issue that says so, instead of a
 * `required` issue for every branch and an opaque "must match exactly one schema".
 */
function issuesFromAjv(errors: readonly ErrorObject[]): ValidationIssue[] {
  const choices = errors.filter((error) => error.keyword === 'oneOf' && exactlyOneOfFields(error.schema) !== undefined);
  const inChoice = (error: ErrorObject) => choices.some((choice) => choice !== error && error.instancePath === choice.instancePath && error.schemaPath.startsWith(`${choice.schemaPath}/`));
  return errors.filter((error) => !inChoice(error)).map((error) => {
    const fields = error.keyword === 'oneOf' ? exactlyOneOfFields(error.schema) : undefined;
    if (fields === undefined) return issueFromAjv(error);
    const listed = fields.map((field) => `"${field}"`).join(', ');
    const passing = error.params['passingSchemas'];
    return { path: error.instancePath.split('/').slice(1).map(unescapePointer).join('.'), rule: 'oneOf', message: Array.isArray(passing) ? `give only one of ${listed}, not several` : `give one of ${listed}` };
  });
}

/** The fields of a `oneOf` that only says "exactly one of these fields", else undefined. */
function exactlyOneOfFields(schema: unknown): string[] | undefined {
  if (!Array.isArray(schema) || schema.length < 2) return undefined;
  const fields: string[] = [];
  for (const branch of schema) {
    if (typeof branch !== 'object' || branch === null || Object.keys(branch).length !== 1) return undefined;
    const required = (branch as { required?: unknown }).required;
    if (!Array.isArray(required) || required.length !== 1 || typeof required[0] !== 'string') return undefined;
    fields.push(required[0]);
  }
  return fields;
}

function issueFromAjv(error: ErrorObject): ValidationIssue {
  const segments = error.instancePath.split('/').slice(1).map(unescapePointer);
  if (error.keyword === 'required') segments.push(String(error.params['missingProperty']));
  if (error.keyword === 'additionalProperties') segments.push(String(error.params['additionalProperty']));
  const message =
    error.keyword === 'required'
      ? 'is required'
      : error.keyword === 'additionalProperties'
        ? 'is not allowed here'
        : error.keyword === 'enum'
          ? `must be one of ${JSON.stringify(error.params['allowedValues'])}`
          : (error.message ?? error.keyword);
  return { path: segments.join('.'), rule: error.keyword, message };
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}
