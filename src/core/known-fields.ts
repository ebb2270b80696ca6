import type { z } from 'zod';

/** The part of a zod schema's definition this walk reads; zod keeps it under `_zod.def`. */
interface SchemaDefinition {
  type: string;
  shape?: Record<string, z.core.$ZodType>;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  out?: z.core.$ZodType;
  valueType?: z.core.$ZodType;
  element?: z.core.$ZodType;
  options?: readonly z.core.$ZodType[];
  getter?: () => z.core.$ZodType;
}

const wrappers = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

/**
 * The field names the object schema at `path` declares, for "did you mean" after an unknown field.
 * Looks through wrappers (optional, default, ...), pipes (both sides), records, arrays and unions;
 * empty when no object schema is found there.
 */
export function knownFieldsAt(schema: z.core.$ZodType, path: ReadonlyArray<PropertyKey>): string[] {
  const found = new Set<string>();
  const visit = (node: z.core.$ZodType, depth: number): void => {
    const definition = node._zod.def as unknown as SchemaDefinition;
    const key = path[depth];
    if (definition.type === 'object' && definition.shape !== undefined) {
      if (depth === path.length) Object.keys(definition.shape).forEach((field) => found.add(field));
      else if (typeof key === 'string' && definition.shape[key] !== undefined) visit(definition.shape[key], depth + 1);
    } else if (wrappers.has(definition.type) && definition.innerType !== undefined) {
      visit(definition.innerType, depth);
    } else if (definition.type === 'pipe') {
      if (definition.in !== undefined) visit(definition.in, depth);
      if (definition.out !== undefined) visit(definition.out, depth);
    } else if (definition.type === 'record' && definition.valueType !== undefined && depth < path.length) {
      visit(definition.valueType, depth + 1);
    } else if (definition.type === 'array' && definition.element !== undefined && depth < path.length) {
      visit(definition.element, depth + 1);
    } else if (definition.type === 'union') {
      for (const option of definition.options ?? []) visit(option, depth);
    } else if (definition.type === 'lazy' && definition.getter !== undefined) {
      visit(definition.getter(), depth);
    }
  };
  visit(schema, 0);
  return [...found];
}
