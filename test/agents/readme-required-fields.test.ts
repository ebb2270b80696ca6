import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { agentSpecSchema } from '../../src/core/agent-spec.ts';
import { pipelineSpecSchema } from '../../src/pipelines/pipeline-spec.ts';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The fields a file must have: those whose schema refuses their absence. */
function requiredFields(schema: z.ZodObject): string[] {
  return Object.entries(schema.shape as Record<string, z.ZodType>)
    .filter(([, field]) => !field.safeParse(undefined).success)
    .map(([name]) => name);
}

/** The README's section that starts at `heading`, up to the next heading of its level. */
function section(heading: string): string {
  const start = readme.indexOf(`\n${heading}\n`);
  expect(start, `README has no "${heading}"`).toBeGreaterThan(-1);
  const end = readme.indexOf('\n## ', start + heading.length + 2);
  return readme.slice(start, end === -1 ? undefined : end);
}

describe('the README documents every required field of the files a user writes', () => {
  it('agent files: each required field in the table with its rule, the description length as the schema checks it', () => {
    const agents = section('## Agents');
    expect(requiredFields(agentSpecSchema)).toEqual(['id', 'name', 'category', 'description', 'samples', 'engine']);
    for (const field of requiredFields(agentSpecSchema)) expect(agents).toMatch(new RegExp(`\\n\\| \`${field}\` \\| \\S`));
    expect(agentSpecSchema.shape.description.safeParse('x'.repeat(9)).success).toBe(false);
    expect(agentSpecSchema.shape.description.safeParse('x'.repeat(10)).success).toBe(true);
    expect(agents).toContain('| `description` | at least 10 characters');
    // Required by engine, in the spec's own check.
    expect(agents).toContain('| instructions (the Markdown body) | required for `engine: model` |');
    expect(agents).toContain('| `handler` | required for `engine: code` |');
  });

  it('pipeline files: id (named after the file), description of 10 characters or more, and steps', () => {
    const pipelines = section('## Pipelines');
    expect(requiredFields(pipelineSpecSchema)).toEqual(['id', 'description', 'steps']);
    expect(pipelineSpecSchema.shape.description.safeParse('x'.repeat(9)).success).toBe(false);
    expect(pipelineSpecSchema.shape.description.safeParse('x'.repeat(10)).success).toBe(true);
    expect(pipelines).toMatch(/\*\*Required fields\*\*: `id`, kebab-case and the same as the file's name .*; `description`, at least 10 characters; `steps`, at least one/);
  });
});
