import { schemaFromJsonSchema, formatIssues, type JsonSchema } from '../core/schema.ts';
import type { Template } from './expression.ts';
import type { InputDeclaration } from './pipeline-spec.ts';
import { inputValueProblem, isRequiredInput } from './pipeline-inputs.ts';

/** A problem with a step's input that is certain before the pipeline runs. */
export interface StaticInputProblem {
  /** The input field it concerns; undefined for the input as a whole. */
  field: string | undefined;
  message: string;
  /** The field should not be there at all: point at its name rather than its value. */
  atKey?: boolean;
}

interface KnownShape {
  /** Every field the input will have (an expression may still leave one out). */
  fields: ReadonlySet<string>;
  /** The fields whose value is written out in the file, with that value. */
  literals: ReadonlyMap<string, unknown>;
}

/**
 * What can be known of an input before it runs: its field names, and the values written out in full.
 * Undefined when the input as a whole is one expression (its shape is known only at run time).
 */
function knownShape(template: Template): KnownShape | 'not-an-object' | undefined {
  if (template.kind === 'literal') {
    const value = template.value;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not-an-object';
    return { fields: new Set(Object.keys(value)), literals: new Map(Object.entries(value)) };
  }
  if (template.kind === 'object') {
    return {
      fields: new Set(template.entries.map(([key]) => key)),
      literals: new Map(template.entries.filter(([, item]) => item.kind === 'literal').map(([key, item]) => [key, (item as { value: unknown }).value])),
    };
  }
  if (template.kind === 'expression') return undefined;
  return 'not-an-object';
}

/**
 * Checks a step's input against an agent's or tool's JSON Schema where the file settles it: required
 * fields that are not there, fields the schema does not allow, and values written out that break
 * their field's schema. Fields given by expressions are checked when the step runs.
 */
export function checkInputAgainstSchema(template: Template, schema: JsonSchema, target: string): StaticInputProblem[] {
  const shape = knownShape(template);
  if (shape === undefined) return [];
  if (shape === 'not-an-object') {
    return schema['type'] === 'object' ? [{ field: undefined, message: `the input of ${target} is an object of fields; this one is not` }] : [];
  }
  const problems: StaticInputProblem[] = [];
  const properties = isRecord(schema['properties']) ? schema['properties'] : {};
  const names = Object.keys(properties);
  for (const required of stringList(schema['required'])) {
    if (!shape.fields.has(required)) problems.push({ field: undefined, message: `the input lacks "${required}", which ${target} requires` });
  }
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const branches = Array.isArray(schema[keyword]) ? (schema[keyword] as unknown[]) : [];
    const requiredSets = branches.map((branch) => (isRecord(branch) ? stringList(branch['required']) : []));
    if (requiredSets.length > 0 && requiredSets.every((set) => set.length > 0) && !requiredSets.some((set) => set.every((name) => shape.fields.has(name)))) {
      problems.push({ field: undefined, message: `the input of ${target} needs ${requiredSets.map((set) => set.join(' and ')).join(' or ')}` });
    }
  }
  if (schema['additionalProperties'] === false && schema['patternProperties'] === undefined) {
    for (const field of shape.fields) {
      if (!(field in properties)) problems.push({ field, atKey: true, message: `${target} takes no input "${field}"; it takes: ${names.join(', ') || 'nothing'}` });
    }
  }
  for (const [field, value] of shape.literals) {
    const property = properties[field];
    if (!isRecord(property) || JSON.stringify(property).includes('"$ref"')) continue;
    const result = schemaFromJsonSchema(property).validate(value);
    if (!result.ok) problems.push({ field, message: `"${field}" does not fit the input of ${target}: ${formatIssues(result.issues)}` });
  }
  return problems;
}

/** The same checks against a nested pipeline's declared inputs. */
export function checkInputAgainstDeclarations(template: Template, inputs: Readonly<Record<string, InputDeclaration>>, target: string): StaticInputProblem[] {
  const shape = knownShape(template);
  if (shape === undefined) return [];
  if (shape === 'not-an-object') return [{ field: undefined, message: `the input of ${target} is an object of its inputs; this one is not` }];
  const problems: StaticInputProblem[] = [];
  for (const [name, declaration] of Object.entries(inputs)) {
    if (isRequiredInput(declaration) && !shape.fields.has(name)) problems.push({ field: undefined, message: `the input lacks "${name}", which ${target} requires` });
  }
  for (const field of shape.fields) {
    const declaration = inputs[field];
    if (declaration === undefined) {
      problems.push({ field, atKey: true, message: `${target} has no input "${field}"; its inputs: ${Object.keys(inputs).join(', ') || 'none'}` });
      continue;
    }
    if (!shape.literals.has(field)) continue;
    const problem = inputValueProblem(declaration, shape.literals.get(field));
    if (problem !== undefined) problems.push({ field, message: `input "${field}" of ${target} ${problem}` });
  }
  return problems;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
