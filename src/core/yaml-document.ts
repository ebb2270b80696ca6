import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { didYouMean } from './closest-matches.ts';
import { knownFieldsAt } from './known-fields.ts';

/** A problem in a YAML file, located as an editor would show it (1-based line and column). */
export interface FileIssue {
  file: string;
  line: number;
  column: number;
  /** Dotted path of the field, '' for the document itself. */
  path: string;
  message: string;
}

/**
 * The issues of a file, and on failure the document as parsed (`data`) when its YAML parsed, so that
 * the checks beyond the schema (references to agents, tools, ...) can still run on what is there and
 * every problem is reported in one pass.
 */
/** A place in a file, and the field written there. */
export type FileLocation = Omit<FileIssue, 'message'>;

export type FileValidationResult<Value> = { ok: true; value: Value } | { ok: false; issues: FileIssue[]; data?: unknown };

export type YamlPath = ReadonlyArray<string | number>;

/** Positions in a YAML text, 1-based; `lineOffset` lines come before the text in its file. */
export interface YamlLocator {
  /** Where a field's value starts; the key of a field with no value; else its nearest parent that exists. */
  at(path: YamlPath): { line: number; column: number };
  /** Where a field's key is written (a field that should not be there), else as `at`. */
  atKey(path: YamlPath): { line: number; column: number };
}

/** A locator over `text` (which must parse as YAML for the positions to mean anything). */
export function yamlLocator(text: string, lineOffset = 0): YamlLocator {
  const lineCounter = new LineCounter();
  return locatorOf(parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true }), lineCounter, lineOffset);
}

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
 * offending field (or its nearest existing parent when the field is missing), and each unknown field
 * at its own key, with the closest field the schema knows there.
 */
export function parseYamlWithSchema<Value>(options: ParseYamlOptions<Value>): FileValidationResult<Value> {
  const lineOffset = options.lineOffset ?? 0;
  const lineCounter = new LineCounter();
  const document = parseDocument(options.text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const locator = locatorOf(document, lineCounter, lineOffset);
  if (document.errors.length > 0) {
    return {
      ok: false,
      issues: document.errors.map((error) => {
        const position = lineCounter.linePos(error.pos[0]);
        return { file: options.file, line: position.line + lineOffset, column: position.col, path: '', message: `YAML syntax: ${error.message.split('\n')[0]}` };
      }),
    };
  }
  const data: unknown = document.toJS() ?? {};
  const result = options.schema.safeParse(data);
  if (result.success) return { ok: true, value: result.data };
  const issues = result.error.issues.flatMap((issue): FileIssue[] => {
    const path = issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment));
    if (issue.code === 'unrecognized_keys') {
      const known = knownFieldsAt(options.schema, path);
      return issue.keys.map((key) => ({ file: options.file, ...locator.atKey([...path, key]), path: [...path, key].join('.'), message: unknownFieldMessage(key, known) }));
    }
    const atKey = issue.code === 'custom' && (issue.params as { at?: unknown } | undefined)?.at === 'key';
    return [{ file: options.file, ...(atKey ? locator.atKey(path) : locator.at(path)), path: path.join('.'), message: describeIssue(issue) }];
  });
  return { ok: false, issues: byFileThenLine(issues), data };
}

/** `unknown field "x" (did you mean "y"?)`: the one wording of an unknown field, wherever it is found. */
export function unknownFieldMessage(field: string, knownFields: readonly string[]): string {
  return `unknown field "${field}"${didYouMean(field, knownFields)}`;
}

/** `file:line:column field: message`, one per line. */
export function formatFileIssues(issues: readonly FileIssue[]): string {
  return issues
    .map((issue) => `${issue.file}:${issue.line}:${issue.column} ${issue.path === '' ? '' : `${issue.path}: `}${issue.message}`)
    .join('\n');
}

/** Issues of each file together (files in the order they first appear), by line and column within a file. */
export function byFileThenLine<Issue extends FileIssue>(issues: readonly Issue[]): Issue[] {
  const fileOrder = new Map<string, number>();
  for (const issue of issues) if (!fileOrder.has(issue.file)) fileOrder.set(issue.file, fileOrder.size);
  return [...issues].sort((left, right) => fileOrder.get(left.file)! - fileOrder.get(right.file)! || left.line - right.line || left.column - right.column);
}

function locatorOf(document: Document, lineCounter: LineCounter, lineOffset: number): YamlLocator {
  const position = (offset: number) => {
    const place = lineCounter.linePos(offset);
    return { line: place.line + lineOffset, column: place.col };
  };
  return {
    at: (path) => position(offsetOfPath(document, path)),
    atKey: (path) => position(path.length === 0 ? offsetOfPath(document, path) : (keyOffset(parentNode(document, path), path[path.length - 1]!) ?? offsetOfPath(document, path))),
  };
}

function parentNode(document: Document, path: YamlPath): unknown {
  return path.length === 1 ? document.contents : document.getIn(path.slice(0, -1), true);
}

function offsetOfPath(document: Document, path: YamlPath): number {
  for (let length = path.length; length >= 0; length -= 1) {
    const node = length === 0 ? document.contents : document.getIn(path.slice(0, length), true);
    if (isNode(node) && node.range !== undefined && node.range !== null) return node.range[0];
    if (length > 0) {
      // A key that exists with an empty value: point at the key itself.
      const keyNode = keyOffset(parentNode(document, path.slice(0, length)), path[length - 1]!);
      if (keyNode !== undefined) return keyNode;
    }
  }
  return 0;
}

function keyOffset(parent: unknown, key: string | number): number | undefined {
  if (!isMap(parent)) return undefined;
  for (const pair of parent.items) {
    if (isScalar(pair.key) && pair.key.value === key && pair.key.range) return pair.key.range[0];
  }
  return undefined;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) return `is required (${issue.expected})`;
  return issue.message;
}
