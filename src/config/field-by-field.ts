import type { z } from 'zod';

/**
 * The fields of `value` that pass their own schema in `schema`, each parsed on its own (defaults
 * filled in, as a full parse would). For a file the schema refuses, this is what can still be checked
 * against other files (agents, tools, models) so that every problem is reported in one pass.
 */
export function parseFieldByField<Schema extends z.ZodObject>(schema: Schema, value: unknown): Partial<z.output<Schema>> {
  const fields = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const parsed: Record<string, unknown> = {};
  for (const [key, fieldSchema] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    const result = fieldSchema.safeParse(fields[key]);
    if (result.success && result.data !== undefined) parsed[key] = result.data;
  }
  return parsed as Partial<z.output<Schema>>;
}
