/** One element of the top-level array, as text, with where it starts. */
export interface JsonElementText {
  /** 1-based position in the array. */
  index: number;
  text: string;
  line: number;
  column: number;
}

/** A break in the structure of the document around the elements (their own syntax is JSON.parse's business). */
export interface JsonStructureProblem {
  /** The element the problem is in, when it is in one (an incomplete or oversized element). */
  row: number | null;
  line: number;
  column: number;
  message: string;
}

export interface JsonArrayScannerOptions {
  onElement(element: JsonElementText): void;
  onProblem(problem: JsonStructureProblem): void;
  /** A longer element is reported as a problem and skipped (bounded memory); default 64 Mi characters. */
  maxElementLength?: number;
}

const enum State {
  Start,
  ExpectElement,
  ExpectElementAfterComma,
  InElement,
  AfterElement,
  Done,
}

const openBrace = 123;
const closeBrace = 125;
const openBracket = 91;
const closeBracket = 93;
const quote = 34;
const backslash = 92;
const comma = 44;
const newline = 10;

/**
 * Splits a JSON document whose top level is an array into the text of its elements, incrementally,
 * chunk by chunk, so that a file of any size is read in memory bounded by its largest element. It
 * tracks only strings and nesting; each element is then parsed on its own. A document whose top level
 * is not an array is handed over whole, as element 1. Structure problems (a missing comma, an array
 * that is never closed, text after the end) are reported with line and column, and scanning goes on
 * where it can.
 */
export class JsonArrayScanner {
  private state = State.Start;
  private readonly options: JsonArrayScannerOptions;
  private readonly maxElementLength: number;
  private topLevelArray = true;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** A scalar element (number, true, null...) ends at a delimiter rather than a closing bracket. */
  private scalar = false;
  private parts: string[] = [];
  private partsLength = 0;
  private oversized = false;
  private elementIndex = 0;
  private elementLine = 1;
  private elementColumn = 1;
  private line = 1;
  /** Offset (in characters from the start of the document) where the current line starts. */
  private lineStart = 0;
  private offset = 0;
  private trailingTextReported = false;

  constructor(options: JsonArrayScannerOptions) {
    this.options = options;
    this.maxElementLength = options.maxElementLength ?? 64 * 1024 * 1024;
  }

  push(chunk: string): void {
    let elementStart = this.state === State.InElement ? 0 : -1;
    const length = chunk.length;
    for (let index = 0; index < length; index += 1) {
      const code = chunk.charCodeAt(index);
      if (this.state === State.InElement) {
        if (this.inString) {
          if (this.escaped) this.escaped = false;
          else if (code === backslash) this.escaped = true;
          else if (code === quote) {
            this.inString = false;
            if (this.depth === 0) {
              this.finishElement(chunk, elementStart, index + 1);
              elementStart = -1;
            }
          }
        } else if (this.scalar) {
          if (code === comma || code === closeBracket || isWhitespace(code)) {
            this.finishElement(chunk, elementStart, index);
            elementStart = -1;
            index -= 1;
            continue;
          }
        } else if (code === quote) this.inString = true;
        else if (code === openBrace || code === openBracket) this.depth += 1;
        else if (code === closeBrace || code === closeBracket) {
          this.depth -= 1;
          if (this.depth === 0) {
            this.finishElement(chunk, elementStart, index + 1);
            elementStart = -1;
          }
        }
      } else if (!isWhitespace(code)) {
        const column = this.offset + index - this.lineStart + 1;
        if (this.structural(code, column)) {
          elementStart = index;
          this.startElement(code, column);
        }
      }
      if (code === newline) {
        this.line += 1;
        this.lineStart = this.offset + index + 1;
      }
    }
    if (this.state === State.InElement && elementStart !== -1) this.keep(chunk.slice(elementStart));
    this.offset += length;
  }

  /** Call at the end of the document: reports an element or array left open. */
  end(): void {
    if (this.state === State.InElement) {
      if (this.scalar) this.finishElement('', 0, 0);
      else {
        const what = this.inString ? 'a string that is never closed' : 'an object or array that is never closed';
        this.problem(this.elementLine, this.elementColumn, `element ${this.elementIndex} is incomplete: the file ends inside ${what}`, this.elementIndex);
        this.state = State.AfterElement;
      }
    }
    if (this.state === State.Start) {
      this.problem(1, 1, 'the file holds no JSON value (it is empty or only whitespace)');
      return;
    }
    if (this.topLevelArray && this.state !== State.Done) {
      this.problem(this.line, this.offset - this.lineStart + 1, 'the top-level array is never closed: "]" is missing at the end of the file');
    }
  }

  /** Handles a character outside elements; true when it starts an element. */
  private structural(code: number, column: number): boolean {
    switch (this.state) {
      case State.Start:
        if (code === openBracket) {
          this.state = State.ExpectElement;
          return false;
        }
        this.topLevelArray = false;
        return true;
      case State.ExpectElement:
      case State.ExpectElementAfterComma:
        if (code === closeBracket) {
          if (this.state === State.ExpectElementAfterComma) this.problem(this.line, column, 'a comma before "]" (trailing comma)');
          this.state = State.Done;
          return false;
        }
        if (code === comma) {
          this.problem(this.line, column, 'an empty element (two commas in a row)');
          return false;
        }
        return true;
      case State.AfterElement:
        if (code === comma && this.topLevelArray) {
          this.state = State.ExpectElementAfterComma;
          return false;
        }
        if (code === closeBracket && this.topLevelArray) {
          this.state = State.Done;
          return false;
        }
        if (!this.topLevelArray) {
          this.trailingText(column);
          return false;
        }
        this.problem(this.line, column, `expected "," or "]" after element ${this.elementIndex}`);
        return true;
      default:
        this.trailingText(column);
        return false;
    }
  }

  private startElement(code: number, column: number): void {
    this.state = State.InElement;
    this.elementIndex += 1;
    this.elementLine = this.line;
    this.elementColumn = column;
    this.parts = [];
    this.partsLength = 0;
    this.oversized = false;
    this.depth = code === openBrace || code === openBracket ? 1 : 0;
    this.inString = code === quote;
    this.escaped = false;
    this.scalar = !this.inString && this.depth === 0;
  }

  private trailingText(column: number): void {
    if (this.trailingTextReported) return;
    this.trailingTextReported = true;
    this.problem(this.line, column, this.topLevelArray ? 'unexpected text after the end of the top-level array' : 'unexpected text after the end of the JSON value');
  }

  private keep(text: string): void {
    if (this.oversized) return;
    this.partsLength += text.length;
    if (this.partsLength > this.maxElementLength) {
      this.oversized = true;
      this.parts = [];
      return;
    }
    this.parts.push(text);
  }

  private finishElement(chunk: string, start: number, end: number): void {
    this.keep(chunk.slice(Math.max(0, start), end));
    this.state = State.AfterElement;
    if (this.oversized) {
      this.problem(this.elementLine, this.elementColumn, `element ${this.elementIndex} is longer than ${this.maxElementLength} characters and was skipped`, this.elementIndex);
    } else {
      this.options.onElement({ index: this.elementIndex, text: this.parts.join(''), line: this.elementLine, column: this.elementColumn });
    }
    this.parts = [];
    this.partsLength = 0;
  }

  private problem(line: number, column: number, message: string, row: number | null = null): void {
    this.options.onProblem({ row, line, column, message });
  }
}

function isWhitespace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}
