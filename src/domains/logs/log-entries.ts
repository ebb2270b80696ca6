import { findLevel, type FoundLevel } from './log-level.ts';
import { findTimestamp, type FoundTimestamp } from './log-timestamp.ts';

/** A log event: its head line and the lines that belong to it (a stack trace, a multi-line message). */
export interface LogEntry {
  /** 1-based line of the head. */
  line: number;
  head: string;
  /** The continuation lines, at most `maxTraceLines` of them. */
  trace: string[];
  /** Continuation lines beyond `maxTraceLines`, counted, not kept. */
  droppedTraceLines: number;
  timestamp: FoundTimestamp | null;
  level: FoundLevel | null;
}

const frameLine = /^\s+(?:at\s|\.\.\.\s\d+\s)/;
const indentedTimestamp = /^\s+\[?\d{4}[-/]\d{2}[-/]\d{2}[T ]\d{2}:/;
const causedBy = /^Caused by: /;
const pythonTracebackStart = /^Traceback \(most recent call last\):/;
const pythonChain = /^(?:During handling of the above exception|The above exception was the direct cause of the following exception)/;
const pythonExceptionLine = /^[A-Za-z_][\w.]*(?::\s|:?$)/;
/** `java.lang.IllegalStateException: ...`, `TypeError: ...`, `Exception in thread "main" ...`. */
export const exceptionLine = /^(?:Exception in thread "[^"]*" )?((?:[A-Za-z_$][\w$]*\.)*[A-Za-z_$][\w$]*(?:Exception|Error|Throwable|Fault|Panic))(?::\s|:?$)/;

/**
 * Groups lines into entries as they stream by. A line continues the entry above it when it is:
 * - indented (a Java or Node `    at ...` frame, `... 12 more`, Python's indented frames, a wrapped
 *   message), unless it starts with a timestamp of its own;
 * - `Caused by: ...` (Java's chained causes);
 * - part of a Python traceback: `Traceback (most recent call last):`, its frames, its final
 *   `ValueError: ...` line, and the "During handling of the above exception" chains;
 * - an exception line without a timestamp (`java.lang.IllegalStateException: ...`, `TypeError: ...`)
 *   right after a head line that states a level (the logger prints the exception below its message).
 * Blank lines outside a traceback separate nothing and are skipped. Each finished entry goes to
 * `onEntry`, in order.
 */
export class EntryAssembler {
  private current: LogEntry | null = null;
  private inTraceback = false;
  private chainable = false;
  private readonly onEntry: (entry: LogEntry) => void;
  private readonly now: number;
  private readonly maxTraceLines: number;

  constructor(onEntry: (entry: LogEntry) => void, options: { now: number; maxTraceLines?: number }) {
    this.onEntry = onEntry;
    this.now = options.now;
    this.maxTraceLines = options.maxTraceLines ?? 200;
  }

  push(text: string, line: number): void {
    const current = this.current;
    if (text.length === 0 || isBlank(text)) return;
    if (current !== null && this.continues(text, current)) {
      if (current.trace.length < this.maxTraceLines) current.trace.push(text);
      else current.droppedTraceLines += 1;
      return;
    }
    if (current !== null) this.onEntry(current);
    this.inTraceback = pythonTracebackStart.test(text);
    this.chainable = false;
    this.current = { line, head: text, trace: [], droppedTraceLines: 0, timestamp: findTimestamp(text, this.now), level: findLevel(text) };
  }

  /** Hands over the last entry. */
  end(): void {
    if (this.current !== null) this.onEntry(this.current);
    this.current = null;
  }

  private continues(text: string, current: LogEntry): boolean {
    const first = text.charCodeAt(0);
    if (first === 32 || first === 9) {
      if (frameLine.test(text)) return true;
      return !indentedTimestamp.test(text);
    }
    if (pythonTracebackStart.test(text)) {
      this.inTraceback = true;
      this.chainable = false;
      return true;
    }
    if (this.inTraceback || this.chainable) {
      if (pythonChain.test(text)) {
        this.chainable = true;
        return true;
      }
      if (this.inTraceback && pythonExceptionLine.test(text)) {
        this.inTraceback = false;
        this.chainable = true;
        return true;
      }
      this.inTraceback = false;
      this.chainable = false;
    }
    if (causedBy.test(text)) return true;
    if (current.trace.length === 0 && current.level !== null && exceptionLine.test(text)) {
      return findTimestamp(text, this.now) === null;
    }
    return false;
  }
}

function isBlank(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code !== 32 && code !== 9 && code !== 13) return false;
  }
  return true;
}

const exceptionInText = /(?<![\w$.])((?:[A-Za-z_$][\w$]*\.)*[A-Z][\w$]*(?:Exception|Error|Throwable|Fault))(?=:|\s|$)/;
const stackFrame = /^\s+(?:at\s|File "[^"]*", line \d+)/;

/** Whether an entry carries stack frames (Java, Node, .NET `at ...`; Python `File "...", line N`). */
export function hasFrames(entry: LogEntry): boolean {
  return entry.trace.some((line) => stackFrame.test(line));
}

/** The exception an entry reports (the outermost one) and its root cause, when it has a stack trace or is an exception line. */
export function exceptionsOf(entry: LogEntry): { exception: string | null; rootCause: string | null } {
  let exception: string | null = null;
  let rootCause: string | null = null;
  const python = pythonTracebackStart.test(entry.head) || entry.trace.some((line) => pythonTracebackStart.test(line));
  if (python) {
    // Python prints the exception last, after its frames; with chains, the last one is the one raised.
    for (const line of entry.trace) {
      if (line.charCodeAt(0) === 32 || pythonTracebackStart.test(line) || pythonChain.test(line)) continue;
      const match = /^([A-Za-z_][\w.]*)(?::\s|:?$)/.exec(line);
      if (match !== null) {
        if (rootCause === null) rootCause = match[1]!;
        exception = match[1]!;
      }
    }
    return { exception, rootCause: rootCause === exception ? null : rootCause };
  }
  const headMatch = exceptionLine.exec(entry.head) ?? (hasFrames(entry) ? exceptionInText.exec(entry.head) : null);
  if (headMatch !== null) exception = headMatch[1]!;
  for (const line of entry.trace) {
    const cause = /^\s*Caused by: ((?:[A-Za-z_$][\w$]*\.)*[A-Za-z_$][\w$]*)/.exec(line);
    if (cause !== null) {
      rootCause = cause[1]!;
      continue;
    }
    if (exception === null) {
      const match = exceptionLine.exec(line);
      if (match !== null) exception = match[1]!;
    }
  }
  return { exception, rootCause };
}
