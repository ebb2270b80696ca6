import { z } from 'zod';
import { agentSpecSchema, type AgentSpec } from '../core/agent-spec.ts';
import { parseYamlWithSchema, type FileIssue, type FileValidationResult } from '../core/yaml-document.ts';

/**
 * Parses an agent file: YAML front matter between `---` lines, then the Markdown body, which becomes
 * the agent's instructions. Every problem comes back with the file, line and field.
 */
export function parseAgentFile(text: string, file: string): FileValidationResult<AgentSpec> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '---') {
    return failure(file, 1, '', 'an agent file starts with a "---" line, then YAML front matter, then "---" and the instructions');
  }
  const closing = lines.findIndex((line, index) => index > 0 && line.trim() === '---');
  if (closing === -1) return failure(file, lines.length, '', 'the front matter is never closed by a "---" line');
  const body = lines.slice(closing + 1).join('\n').trim();
  const frontMatter = lines.slice(1, closing).join('\n');
  // The front matter holds every field of the spec but the instructions, which are the Markdown body.
  return parseYamlWithSchema({
    text: frontMatter,
    file,
    lineOffset: 1,
    schema: z
      .record(z.string(), z.unknown())
      .transform((fields) => (body === '' ? fields : { ...fields, instructions: body }))
      .pipe(agentSpecSchema),
  });
}

function failure(file: string, line: number, path: string, message: string): { ok: false; issues: FileIssue[] } {
  return { ok: false, issues: [{ file, line, column: 1, path, message }] };
}
