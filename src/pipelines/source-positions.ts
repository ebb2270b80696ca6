import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { FileIssue } from '../core/yaml-document.ts';

export type FieldPath = ReadonlyArray<string | number>;

/** A place in a pipeline file, 1-based as editors show it. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/**
 * Where things are in a pipeline file: the node of a field, and each `${{ }}` expression inside a
 * string, so that problems found after parsing (an unknown agent, an expression that does not parse,
 * a reference to a step that is not upstream) point at the exact line and column.
 */
export class SourcePositions {
  readonly file: string;
  readonly text: string;
  readonly #document: Document;
  readonly #lines = new LineCounter();

  constructor(file: string, text: string) {
    this.file = file;
    this.text = text;
    this.#document = parseDocument(text, { lineCounter: this.#lines, prettyErrors: false, uniqueKeys: true });
  }

  location(offset: number): SourceLocation {
    const position = this.#lines.linePos(offset);
    return { file: this.file, line: position.line, column: position.col };
  }

  /** The start of a field's value, or of its nearest parent that exists. */
  offsetOf(path: FieldPath): number {
    for (let length = path.length; length >= 0; length -= 1) {
      const node = length === 0 ? this.#document.contents : this.#document.getIn(path.slice(0, length), true);
      if (isNode(node) && node.range !== undefined && node.range !== null) return node.range[0];
    }
    return 0;
  }

  locate(path: FieldPath): SourceLocation {
    return this.location(this.offsetOf(path));
  }

  /** Where the key of a mapping field is written (a field that should not be there), else as `locate`. */
  locateKey(path: FieldPath): SourceLocation {
    const parent = path.length <= 1 ? this.#document.contents : this.#document.getIn(path.slice(0, -1), true);
    if (isMap(parent)) {
      for (const pair of parent.items) {
        if (isScalar(pair.key) && pair.key.value === path[path.length - 1] && pair.key.range) return this.location(pair.key.range[0]);
      }
    }
    return this.locate(path);
  }

  /** An issue at a field. */
  issue(path: FieldPath, message: string): FileIssue {
    return { ...this.locate(path), path: path.join('.'), message };
  }

  /**
   * The offsets in the file of the body of each `${{ ... }}` in the string at `path`, in order (the
   * first character after `${{`). Found in the scalar's source text, so they hold for plain, quoted
   * and block strings alike.
   */
  expressionOffsets(path: FieldPath): number[] {
    const node = this.#document.getIn([...path], true);
    if (!isScalar(node) || node.range === undefined || node.range === null) return [];
    const start = node.range[0];
    const raw = this.text.slice(start, node.range[1]);
    const offsets: number[] = [];
    for (let index = raw.indexOf('${{'); index !== -1; index = raw.indexOf('${{', index + 3)) offsets.push(start + index + 3);
    return offsets;
  }
}
