type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'object' | 'array';

/** Turns one CSV cell into the value validated for it; `undefined` means the property is absent. */
export type CellCoercion = (text: string) => unknown;

const integerText = /^\s*[+-]?\d+\s*$/;
const numberText = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
const booleanText = /^\s*(?:true|false)\s*$/i;

/**
 * How each column's text becomes a JSON value before validation, decided once from the schema (CSV
 * has only text, a schema has types):
 * - An empty cell is a missing property, so `required` catches it; when the column's schema allows
 *   `null`, it is `null` instead.
 * - When the column's schema accepts strings (or says nothing about types), the text stays a string.
 * - Otherwise the text becomes the first type it fits among those allowed: integer (`-12`), number
 *   (`3.5`, `1e3`), boolean (`true`/`false`, any case), object or array (JSON text such as `{"a":1}`).
 *   Text that fits none stays a string, so the schema's `type` rule reports it with the cell as written.
 * Allowed types are read from `type`, `enum`, `const`, and the branches of `anyOf`/`oneOf`/`allOf`
 * and local `$ref`s. Columns the schema does not describe stay strings (or follow
 * `additionalProperties` when that is a schema).
 */
export function csvCoercions(rootSchema: Record<string, unknown>, columns: readonly string[]): CellCoercion[] {
  const properties = collectProperties(rootSchema, rootSchema, 0);
  const fallback = isObject(rootSchema['additionalProperties']) ? rootSchema['additionalProperties'] : undefined;
  return columns.map((column) => {
    const propertySchemas = properties.get(column) ?? (fallback === undefined ? [] : [fallback]);
    const types = new Set<JsonType>();
    let unconstrained = propertySchemas.length === 0;
    for (const propertySchema of propertySchemas) {
      if (!collectTypes(propertySchema, rootSchema, types, 0)) unconstrained = true;
    }
    return coercionFor(unconstrained ? null : types);
  });
}

function coercionFor(types: ReadonlySet<JsonType> | null): CellCoercion {
  const allowsNull = types?.has('null') ?? false;
  const empty = allowsNull ? null : undefined;
  if (types === null || types.has('string')) return (text) => (text === '' ? empty : text);
  const integer = types.has('integer');
  const number = types.has('number');
  const boolean = types.has('boolean');
  const json = types.has('object') || types.has('array');
  return (text) => {
    if (text === '') return empty;
    if ((integer || number) && (number ? numberText : integerText).test(text)) return Number(text);
    if (integer && !number && numberText.test(text) && Number.isInteger(Number(text))) return Number(text);
    if (boolean && booleanText.test(text)) return text.trim().toLowerCase() === 'true';
    if (json) {
      const trimmed = text.trim();
      if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
        const parsed = tryParseJson(trimmed);
        if (parsed !== undefined) return parsed;
      }
    }
    return text;
  };
}

/** A cell that holds JSON; undefined (kept as text, and reported by `type`) when it does not parse. */
function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    void error;
    return undefined;
  }
}

/** Property name -> the schemas that describe it, from `properties` of the root and of its `allOf` branches and `$ref`s. */
function collectProperties(schema: unknown, root: Record<string, unknown>, depth: number): Map<string, unknown[]> {
  const found = new Map<string, unknown[]>();
  if (!isObject(schema) || depth > 8) return found;
  const add = (entries: Map<string, unknown[]>) => {
    for (const [name, schemas] of entries) found.set(name, [...(found.get(name) ?? []), ...schemas]);
  };
  if (isObject(schema['properties'])) {
    for (const [name, propertySchema] of Object.entries(schema['properties'])) found.set(name, [...(found.get(name) ?? []), propertySchema]);
  }
  if (typeof schema['$ref'] === 'string') add(collectProperties(resolveLocalReference(schema['$ref'], root), root, depth + 1));
  for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
    const branches = schema[keyword];
    if (Array.isArray(branches)) for (const branch of branches) add(collectProperties(branch, root, depth + 1));
  }
  return found;
}

/** Adds the JSON types a schema allows; false when it allows any type (no `type`, `enum` or `const` anywhere). */
function collectTypes(schema: unknown, root: Record<string, unknown>, types: Set<JsonType>, depth: number): boolean {
  if (schema === true || !isObject(schema) || depth > 8) return false;
  let constrained = false;
  const type = schema['type'];
  if (typeof type === 'string') {
    types.add(type as JsonType);
    constrained = true;
  } else if (Array.isArray(type)) {
    for (const entry of type) types.add(entry as JsonType);
    constrained = true;
  }
  const values = Array.isArray(schema['enum']) ? schema['enum'] : 'const' in schema ? [schema['const']] : null;
  if (values !== null && !constrained) {
    for (const value of values) types.add(jsonTypeOf(value));
    constrained = true;
  }
  if (typeof schema['$ref'] === 'string') {
    const target = resolveLocalReference(schema['$ref'], root);
    if (target !== undefined && collectTypes(target, root, types, depth + 1)) constrained = true;
  }
  for (const keyword of ['anyOf', 'oneOf']) {
    const branches = schema[keyword];
    if (!Array.isArray(branches)) continue;
    // One unconstrained branch lets any type through.
    let all = true;
    for (const branch of branches) if (!collectTypes(branch, root, types, depth + 1)) all = false;
    if (all && branches.length > 0) constrained = true;
    else if (!constrained) return false;
  }
  const allOf = schema['allOf'];
  if (Array.isArray(allOf)) for (const branch of allOf) if (collectTypes(branch, root, types, depth + 1)) constrained = true;
  return constrained;
}

function resolveLocalReference(reference: string, root: Record<string, unknown>): unknown {
  if (!reference.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const segment of reference.slice(1).split('/').filter((part) => part !== '')) {
    if (!isObject(node)) return undefined;
    node = node[decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

function jsonTypeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'object') return 'object';
  return 'string';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
