import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';

/** A problem in a YAML file, located as an editor would show it (1-based line and column). */
export interface FileIssue {
  file: string;
  line: number;
  column: number;
  /** Dotted path of the field, '' for the document itself. */
  path: string;
  message: string;
}

export type FileValidationResult<Value> = { ok: true; value: Value } | { ok: false; issues: FileIssue[] };

export interface ParseYamlOptions<Value> {
  text: string;
  file: string;
  schema: z.ZodType<Value>;
  /** Lines before `text` in its file (e.g. the `---` of front matter), so reported lines match the file. */
  lineOffset?: number;
}

/**
 * Parses YAML and validates it with a zod schema, reporting every issue with the file, line, column
 * and field it belongs to: syntax errors where the parser stopped, schema issues at the node of the
 * offending field (or its nearest existing parent when the field is missing).
 */
export function parseYamlWithSchema<Value>(options: ParseYamlOptions<Value>): FileValidationResult<Value> {
  const lineOffset = options.lineOffset ?? 0;
  const lineCounter = new LineCounter();
  const document = parseDocument(options.text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const locate = (offset: number) => {
    const position = lineCounter.linePos(offset);
    return { line: position.line + lineOffset, column: position.col };
  };
  if (document.errors.length > 0) {
    return {
      ok: false,
      issues: document.errors.map((error) => ({
        file: options.file,
        ...locate(error.pos[0]),
        path: '',
        message: `YAML syntax: ${error.message.split('\n')[0]}`,
      })),
    };
  }
  const data: unknown = document.toJS() ?? {};
  const result = options.schema.safeParse(data);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => {
      const path = issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment));
      return {
        file: options.file,
        ...locate(offsetOfPath(document, path)),
        path: path.join('.'),
        message: describeIssue(issue),
      };
    }),
  };
}

/** `file:line:column field: message`, one per line. */
export function formatFileIssues(issues: readonly FileIssue[]): string {
  return issues
    .map((issue) => `${issue.file}:${issue.line}:${issue.column} ${issue.path === '' ? '' : `${issue.path}: `}${issue.message}`)
    .join('\n');
}

function offsetOfPath(document: Document, path: Array<string | number>): number {
  for (let length = path.length; length >= 0; length -= 1) {
    const node = length === 0 ? document.contents : document.getIn(path.slice(0, length), true);
    if (isNode(node) && node.range !== undefined && node.range !== null) return node.range[0];
    if (length > 0) {
      // A key that exists with an empty value: point at the key itself.
      const parent = length === 1 ? document.contents : document.getIn(path.slice(0, length - 1), true);
      const keyNode = findKeyNode(parent, path[length - 1]!);
      if (keyNode !== undefined) return keyNode;
    }
  }
  return 0;
}

function findKeyNode(parent: unknown, key: string | number): number | undefined {
  if (!isNode(parent) || !('items' in parent) || !Array.isArray(parent.items)) return undefined;
  for (const item of parent.items as unknown[]) {
    if (typeof item === 'object' && item !== null && 'key' in item) {
      const keyNode = (item as { key: unknown }).key;
      if (isNode(keyNode) && 'value' in keyNode && keyNode.value === key && keyNode.range) return keyNode.range[0];
    }
  }
  return undefined;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field(s) ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) return `is required (${issue.expected})`;
  return issue.message;
}
