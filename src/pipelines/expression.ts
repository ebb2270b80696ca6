import jsonata from 'jsonata';
import { NovaError, type SerializedError } from '../core/errors.ts';
import type { FieldPath, SourceLocation, SourcePositions } from './source-positions.ts';
import type { FileIssue } from '../core/yaml-document.ts';
import { collectReferences, type JsonataNode } from './expression-references.ts';
import { hasExpression, scanTemplate } from './template-scanner.ts';

export { hasExpression, scanTemplate } from './template-scanner.ts';

/**
 * Expressions in pipeline files: `${{ ... }}` holds JSONata, evaluated over one object only,
 * `{inputs, steps, item, index, env}`. JSONata reads own properties of that data and nothing else (no
 * globals, no prototypes, no I/O); evaluation is bounded in time and depth.
 *
 * A string that is one expression yields the expression's value itself (an object stays an object); an
 * expression inside other text is interpolated as text.
 */

/** What an expression sees. */
export interface ExpressionScope {
  inputs: Readonly<Record<string, unknown>>;
  steps: Readonly<Record<string, StepView>>;
  /** Only inside a `foreach` step: the current item and its index (from 0). */
  item?: unknown;
  index?: number;
  /** Only the variables the pipeline lists under `env`. */
  env: Readonly<Record<string, string>>;
}

/** A step as expressions see it: `steps.check.output`, `steps.check.status`, `steps.check.error`. */
export interface StepView {
  output: unknown;
  status: 'succeeded' | 'failed' | 'skipped';
  error: SerializedError | null;
}

export const expressionRoots = ['inputs', 'steps', 'item', 'index', 'env'] as const;
export const stepViewFields = ['output', 'status', 'error'] as const;

/** A name an expression reads from the root object: `steps.check.output` is root steps, member check, field output. */
export interface RootReference {
  root: string;
  member: string | undefined;
  field: string | undefined;
  location: SourceLocation;
}

export interface CompiledExpression {
  readonly source: string;
  /** The field it is written in, dotted (`steps.2.input.title`). */
  readonly path: string;
  readonly location: SourceLocation;
  readonly references: readonly RootReference[];
  evaluate(scope: ExpressionScope): Promise<unknown>;
}

/** A value from the file with its expressions compiled; parts without expressions stay literal. */
export type Template =
  | { kind: 'literal'; value: unknown }
  | { kind: 'expression'; expression: CompiledExpression }
  | { kind: 'text'; parts: ReadonlyArray<string | CompiledExpression> }
  | { kind: 'array'; items: readonly Template[] }
  | { kind: 'object'; entries: ReadonlyArray<readonly [string, Template]> };

// Generous for data shaping, small enough that a runaway recursion fails fast instead of hanging a run.
const evaluationLimits = { timeout: 2000, stack: 500 };

export interface CompileContext {
  positions: SourcePositions;
  issues: FileIssue[];
}

/**
 * Compiles a value of the file (any JSON) into a template, reporting every expression that does not
 * parse with its line and column.
 */
export function compileTemplate(value: unknown, path: FieldPath, context: CompileContext): Template {
  if (typeof value === 'string') return compileString(value, path, context);
  if (Array.isArray(value)) {
    const items = value.map((item, index) => compileTemplate(item, [...path, index], context));
    return items.every((item) => item.kind === 'literal') ? { kind: 'literal', value } : { kind: 'array', items };
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([key, item]) => [key, compileTemplate(item, [...path, key], context)] as const);
    return entries.every(([, item]) => item.kind === 'literal') ? { kind: 'literal', value } : { kind: 'object', entries };
  }
  return { kind: 'literal', value };
}

function compileString(value: string, path: FieldPath, context: CompileContext): Template {
  if (!hasExpression(value)) return { kind: 'literal', value };
  const offsets = context.positions.expressionOffsets(path);
  const scanned = scanTemplate(value);
  if ('error' in scanned) {
    // Point at the `${{` that is not closed.
    const bodyOffset = offsets[countExpressions(value.slice(0, scanned.index))];
    context.issues.push(issueAt(context, path, bodyOffset === undefined ? undefined : bodyOffset - 3, scanned.error));
    return { kind: 'literal', value };
  }
  let occurrence = 0;
  const parts: Array<string | CompiledExpression> = [];
  for (const part of scanned.parts) {
    if (part.kind === 'text') {
      parts.push(part.text);
      continue;
    }
    const compiled = compileExpression(part.text, path, offsets[occurrence], context);
    occurrence += 1;
    if (compiled === undefined) return { kind: 'literal', value };
    parts.push(compiled);
  }
  const only = parts.length === 1 ? parts[0] : undefined;
  if (only !== undefined && typeof only !== 'string') return { kind: 'expression', expression: only };
  // Whitespace around a single expression does not make it text: "${{ x }} " is still x.
  const expressions = parts.filter((part): part is CompiledExpression => typeof part !== 'string');
  if (expressions.length === 1 && parts.every((part) => typeof part !== 'string' || part.trim() === '')) {
    return { kind: 'expression', expression: expressions[0]! };
  }
  return { kind: 'text', parts };
}

function countExpressions(text: string): number {
  return text.split('${{').length - 1;
}

function issueAt(context: CompileContext, path: FieldPath, offset: number | undefined, message: string): FileIssue {
  const location = offset === undefined ? context.positions.locate(path) : context.positions.location(offset);
  return { ...location, path: path.join('.'), message };
}

interface JsonataFailure {
  code?: string;
  position?: number;
  token?: string;
  message?: string;
}

function describeFailure(failure: JsonataFailure): string {
  const message = failure.message ?? (failure.code === 'D1012' ? 'took too long (an endless loop?)' : failure.code === 'D1011' ? 'recursed too deeply' : 'failed');
  return `${message}${failure.code === undefined ? '' : ` (JSONata ${failure.code})`}`;
}

/** Compiles one expression body; undefined (and an issue) when it does not parse. */
export function compileExpression(source: string, path: FieldPath, bodyOffset: number | undefined, context: CompileContext): CompiledExpression | undefined {
  const locateIn = (position: number) =>
    bodyOffset === undefined ? context.positions.locate(path) : context.positions.location(bodyOffset + Math.max(0, Math.min(position, source.length)));
  if (source.trim() === '') {
    context.issues.push({ ...locateIn(0), path: path.join('.'), message: 'empty expression ${{ }}' });
    return undefined;
  }
  let compiled: jsonata.Expression;
  try {
    compiled = jsonata(source, evaluationLimits as jsonata.JsonataOptions);
  } catch (error) {
    const failure = error as JsonataFailure;
    const position = typeof failure.position === 'number' ? Math.max(0, failure.position - 1) : 0;
    context.issues.push({ ...locateIn(position), path: path.join('.'), message: `expression does not parse: ${describeFailure(failure)}` });
    return undefined;
  }
  const location = locateIn(leadingSpaces(source));
  const references: RootReference[] = [];
  collectReferences(compiled.ast() as JsonataNode, true, (node, member, field) => {
    const value = String(node.value);
    const end = typeof node.position === 'number' ? node.position : 0;
    const start = Math.max(0, end - value.length - (source[end - 1] === '`' ? 1 : 0));
    references.push({ root: value, member, field, location: locateIn(start) });
  });
  return {
    source: source.trim(),
    path: path.join('.'),
    location,
    references,
    evaluate: (scope) => evaluateCompiled(compiled, source.trim(), location, scope),
  };
}

function leadingSpaces(text: string): number {
  return text.length - text.trimStart().length;
}

async function evaluateCompiled(compiled: jsonata.Expression, source: string, location: SourceLocation, scope: ExpressionScope): Promise<unknown> {
  let value: unknown;
  try {
    value = (await compiled.evaluate(scope)) as unknown;
  } catch (error) {
    const failure = error as JsonataFailure;
    throw new NovaError({
      code: 'step_failed',
      fault: 'user',
      message: `Expression \`${source}\` (${describeLocation(location)}) failed: ${describeFailure(failure)}`,
      hint: 'Fix the expression in the pipeline file; the data it saw is in the outputs of the steps it reads (`nova runs show`).',
      details: { expression: source, ...location },
      cause: error,
    });
  }
  return toPlainValue(value, source, location);
}

export function describeLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}

/** JSONata's results as plain JSON data (its sequences lose their marks; a function is refused). */
function toPlainValue(value: unknown, source: string, location: SourceLocation): unknown {
  if (value === undefined || value === null) return value;
  if (typeof value === 'function') {
    throw new NovaError({
      code: 'step_failed',
      fault: 'user',
      message: `Expression \`${source}\` (${describeLocation(location)}) gives a function, not a value`,
      hint: 'Call the function, or remove the lambda from the result.',
      details: { expression: source, ...location },
    });
  }
  if (Array.isArray(value)) return value.map((item) => toPlainValue(item, source, location)).filter((item) => item !== undefined);
  if (typeof value === 'object') {
    const plain: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const converted = toPlainValue(item, source, location);
      if (converted !== undefined) plain[key] = converted;
    }
    return plain;
  }
  return value;
}

/** Evaluates a template: literals as they are, expressions over the scope. */
export async function evaluateTemplate(template: Template, scope: ExpressionScope): Promise<unknown> {
  switch (template.kind) {
    case 'literal':
      return template.value;
    case 'expression':
      return template.expression.evaluate(scope);
    case 'text': {
      let text = '';
      for (const part of template.parts) text += typeof part === 'string' ? part : await interpolate(part, scope);
      return text;
    }
    case 'array': {
      const items: unknown[] = [];
      for (const item of template.items) items.push(await evaluateTemplate(item, scope));
      return items;
    }
    case 'object': {
      const object: Record<string, unknown> = {};
      for (const [key, item] of template.entries) {
        const value = await evaluateTemplate(item, scope);
        // A whole-value expression with no result leaves the field out, as JSON has no undefined.
        if (value !== undefined) object[key] = value;
      }
      return object;
    }
  }
}

async function interpolate(expression: CompiledExpression, scope: ExpressionScope): Promise<string> {
  const value = await expression.evaluate(scope);
  if (value === undefined) {
    // Text with a hole in it would be trusted downstream: an expression with no value inside text is an error.
    throw new NovaError({
      code: 'step_failed',
      fault: 'user',
      message: `Expression \`${expression.source}\` (${describeLocation(expression.location)}) has no value, inside text`,
      hint: 'Check the names it reads (`nova runs show` has the outputs of the steps), or give a fallback, e.g. ${{ $exists(x) ? x : "" }}.',
      details: { expression: expression.source, ...expression.location },
    });
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Every expression of a template. */
export function templateExpressions(template: Template | undefined): CompiledExpression[] {
  if (template === undefined) return [];
  switch (template.kind) {
    case 'literal':
      return [];
    case 'expression':
      return [template.expression];
    case 'text':
      return template.parts.filter((part): part is CompiledExpression => typeof part !== 'string');
    case 'array':
      return template.items.flatMap(templateExpressions);
    case 'object':
      return template.entries.flatMap(([, item]) => templateExpressions(item));
  }
}
