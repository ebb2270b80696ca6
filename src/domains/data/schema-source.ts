import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { requireUtf8Text } from '../../core/utf8-text.ts';
import { extname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { closestMatches } from '../../core/closest-matches.ts';
import { NovaError } from '../../core/errors.ts';
import { jsonErrorPosition, lineAndColumnAt } from './json-error-position.ts';
import { checkReadableFile, fileError } from './text-file.ts';
import { errorMessage } from '../../core/error-message.ts';

/** Where the schema of a validation comes from: exactly one of the three. */
export interface SchemaReference {
  schema?: Record<string, unknown>;
  schemaFile?: string;
  schemaName?: string;
}

export interface LoadedSchema {
  schema: Record<string, unknown>;
  /** How to name the schema to the user: "inline schema", "schema file /x/y.json", "schema customer (/home/.../customer.json)". */
  description: string;
}

const schemaNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Finds the schema a validation asks for: given inline, by path (JSON, or YAML for `.yaml`/`.yml`), or
 * by name from the user's schema folder (`<schemasDirectory>/<name>.json`). Anything wrong (none or
 * several given, a missing file, JSON that does not parse, an unknown name) is an error that says
 * exactly what and, for a name, lists the schemas there are.
 */
export function loadSchema(reference: SchemaReference, schemasDirectory: string): LoadedSchema {
  const given = (['schema', 'schemaFile', 'schemaName'] as const).filter((key) => reference[key] !== undefined);
  if (given.length !== 1) {
    throw new NovaError({
      code: 'input_invalid',
      fault: 'user',
      message: given.length === 0 ? 'No schema given: pass one of schema, schemaFile or schemaName' : `Give one schema, not ${given.join(' and ')}`,
      hint: `schema is a JSON Schema object, schemaFile a path to one, schemaName the name of a file in ${schemasDirectory}.`,
    });
  }
  if (reference.schema !== undefined) return { schema: requireObject(reference.schema, 'the inline schema'), description: 'inline schema' };
  if (reference.schemaFile !== undefined) {
    const path = resolve(reference.schemaFile);
    return { schema: readSchemaFile(path, 'schemaFile'), description: `schema file ${path}` };
  }
  const name = reference.schemaName!.replace(/\.json$/i, '');
  const available = listSchemaNames(schemasDirectory);
  if (!schemaNamePattern.test(name) || !available.includes(name)) {
    const suggestions = closestMatches(name, available);
    throw new NovaError({
      code: 'input_invalid',
      fault: 'user',
      message: `There is no schema named "${name}" in ${schemasDirectory}${suggestions.length > 0 ? `; did you mean ${suggestions.map((entry) => `"${entry}"`).join(' or ')}?` : ''}`,
      hint: available.length === 0 ? `The folder has no schemas yet: save one as ${join(schemasDirectory, `${name}.json`)}.` : `Available schemas: ${available.join(', ')}.`,
      details: { schemaName: name, available, directory: schemasDirectory },
    });
  }
  const path = join(schemasDirectory, `${name}.json`);
  return { schema: readSchemaFile(path, `schema "${name}"`), description: `schema ${name} (${path})` };
}

/** The names of the schemas in the folder (`*.json`, without the extension), sorted. */
export function listSchemaNames(schemasDirectory: string): string[] {
  if (!existsSync(schemasDirectory)) return [];
  return readdirSync(schemasDirectory)
    .filter((entry) => entry.toLowerCase().endsWith('.json'))
    .map((entry) => entry.slice(0, -'.json'.length))
    .sort();
}

function readSchemaFile(path: string, label: string): Record<string, unknown> {
  checkReadableFile(path, label);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw fileError(path, label, error);
  }
  const text = requireUtf8Text(bytes, path, { label });
  const yaml = ['.yaml', '.yml'].includes(extname(path).toLowerCase());
  let value: unknown;
  try {
    value = yaml ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    const message = errorMessage(error);
    const position = yaml ? null : jsonErrorPosition(text);
    const at = position === null ? null : lineAndColumnAt(text, position);
    const where = at === null ? '' : ` (line ${at.line}, column ${at.column})`;
    const reason = message.replace(/\s*in JSON at position \d+.*$/, '').replace(/, (?:\.\.\.)?"[\s\S]*" is not valid JSON$/, '');
    throw new NovaError({
      code: 'input_invalid',
      fault: 'user',
      message: `The ${label} ${path} is not valid ${yaml ? 'YAML' : 'JSON'}: ${reason}${where}`,
      hint: 'Fix the syntax of the schema file.',
      details: { path, ...(at === null ? {} : at) },
      cause: error,
    });
  }
  return requireObject(value, `the ${label} ${path}`);
}

function requireObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new NovaError({
    code: 'input_invalid',
    fault: 'user',
    message: `${what[0]!.toUpperCase()}${what.slice(1)} is not a JSON Schema: it must be an object, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`,
    hint: 'A JSON Schema is an object such as {"type": "object", "properties": {...}, "required": [...]}.',
  });
}
