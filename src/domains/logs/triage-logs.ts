import { NovaError } from '../../core/errors.ts';
import { readLineBatches } from '../data/line-reader.ts';
import { readTextChunks } from '../data/text-file.ts';
import { DrainMiner } from './drain-miner.ts';
import { EntryAssembler, exceptionsOf, hasFrames, type LogEntry } from './log-entries.ts';
import { parseLevels, soundsLikeFailure, type LogLevel } from './log-level.ts';
import { parseSince } from './log-timestamp.ts';
import { maskVariables } from './variable-masking.ts';

export interface TriageOptions {
  /** A log file (absolute path; `.gz` is decompressed as it is read). Exactly one of file and text. */
  file?: string;
  text?: string;
  /** Only entries at or after this time: ISO-8601, or a duration before now (`2h`, `7d`). */
  since?: string;
  /** Levels to keep (synonyms allowed, `ALL` for everything); default FATAL and ERROR. */
  levels?: string[];
  /** Signatures to report, most frequent first; default 20. */
  top?: number;
  signal?: AbortSignal;
  /** Past this many signatures, further new ones are only counted (`summary.unclustered`); default 10,000. */
  maxSignatures?: number;
  /** For tests: the current time (relative `since`, the year of syslog timestamps). */
  now?: number;
}

export interface FailureSignature {
  /** The template: the message with its variable parts masked (`<NUM>`, `<IP>`...) and varying words as `<*>`. */
  signature: string;
  count: number;
  level: LogLevel | null;
  /** The exception of its stack trace (the outermost), and the root cause when it differs. */
  exception?: string;
  rootCause?: string;
  /** ISO-8601 (UTC) of the first and last entry, when the lines carry timestamps. */
  firstSeen: string | null;
  lastSeen: string | null;
  firstLine: number;
  lastLine: number;
  /** The first entry's head line, as written. */
  sample: string;
  /** The first entry's stack trace (or other continuation lines), when it has one. */
  stackTrace?: string;
}

export interface TriageReport {
  signatures: FailureSignature[];
  summary: {
    lines: number;
    /** Log events: head lines with their continuation lines. */
    entries: number;
    /** Entries at the chosen levels (and since `since`) that were grouped. */
    matched: number;
    signatures: number;
    shown: number;
    /** Entries by level; `none` for lines that state no level and do not read as failures. */
    byLevel: Record<string, number>;
    /** Entries before `since`, left out. */
    beforeSince: number;
    /** Matched entries with no timestamp (and none above them), kept whatever `since` says. */
    undated: number;
    /** Matched entries past `maxSignatures` that started no new signature. */
    unclustered: number;
    levels: string[];
    since: string | null;
  };
}

interface SignatureData {
  count: number;
  /** The logger or component that leads the message (`c.e.OrderService - `), with its separator; '' when none. */
  source: string;
  level: LogLevel | null;
  exception: string | null;
  rootCause: string | null;
  firstTime: number | null;
  lastTime: number | null;
  firstLine: number;
  lastLine: number;
  sample: string;
  stackTrace: string | null;
}

const maxSampleLength = 1000;
const maxStackTraceLines = 60;

/**
 * Groups a log's failures into signatures: each line is read as an entry (a head line plus its stack
 * trace, see `EntryAssembler`), entries at the chosen levels are kept (by default FATAL and ERROR,
 * plus lines that state no level but read as failures or carry a stack trace), their message (the head
 * without its timestamp and level) has its variable parts masked, and a Drain miner clusters the
 * masked messages into templates. Entries with different levels or exceptions never share a signature.
 * Streams the file line by line; memory grows with the number of signatures, not lines.
 */
export async function triageLogs(options: TriageOptions): Promise<TriageReport> {
  if ((options.file === undefined) === (options.text === undefined)) {
    throw new NovaError({ code: 'input_invalid', fault: 'user', message: options.file === undefined ? 'Give a log: file or text' : 'Give file or text, not both', hint: 'Pass "file" (a path) or "text" (the log lines).' });
  }
  const now = options.now ?? Date.now();
  const since = options.since === undefined ? null : parseSince(options.since, now);
  const selection = parseLevels(options.levels ?? ['FATAL', 'ERROR']);
  const maxSignatures = options.maxSignatures ?? 10_000;
  const miner = new DrainMiner<SignatureData>();
  const byLevel: Record<string, number> = { FATAL: 0, ERROR: 0, WARN: 0, INFO: 0, DEBUG: 0, TRACE: 0, none: 0 };
  let entries = 0;
  let matched = 0;
  let beforeSince = 0;
  let undated = 0;
  let unclustered = 0;
  let lastTime: number | null = null;

  const handle = (entry: LogEntry) => {
    entries += 1;
    const level = entry.level?.level ?? (soundsLikeFailure(entry.head) || hasStackTrace(entry) ? 'ERROR' : null);
    byLevel[level ?? 'none']! += 1;
    if (entry.timestamp !== null) lastTime = entry.timestamp.time;
    if (!selection.all && (level === null || !selection.levels.has(level))) return;
    // A line without a timestamp happened when the line above it did.
    const time = entry.timestamp?.time ?? lastTime;
    if (since !== null && time !== null && time < since) {
      beforeSince += 1;
      return;
    }
    if (time === null) undated += 1;
    matched += 1;
    const { exception, rootCause } = exceptionsOf(entry);
    const { source, tokens } = templateTokens(entry);
    const cluster = miner.add(`${level ?? ''}\u0000${exception ?? ''}\u0000${source}`, tokens, () =>
      miner.clusterCount >= maxSignatures
        ? null
        : { count: 0, source, level, exception, rootCause, firstTime: time, lastTime: time, firstLine: entry.line, lastLine: entry.line, sample: cut(entry.head), stackTrace: stackTraceOf(entry) },
    );
    if (cluster === null) {
      unclustered += 1;
      return;
    }
    const data = cluster.data;
    data.count += 1;
    data.lastLine = entry.line;
    if (time !== null) {
      if (data.firstTime === null || time < data.firstTime) data.firstTime = time;
      if (data.lastTime === null || time > data.lastTime) data.lastTime = time;
    }
    if (data.stackTrace === null) data.stackTrace = stackTraceOf(entry);
  };

  const assembler = new EntryAssembler(handle, { now });
  let lines = 0;
  const source = options.file !== undefined ? readTextChunks(options.file, { label: 'log file', ...(options.signal === undefined ? {} : { signal: options.signal }) }) : [options.text!];
  for await (const batch of readLineBatches(source, { source: options.file ?? 'the text' })) {
    options.signal?.throwIfAborted();
    for (let index = 0; index < batch.lines.length; index += 1) assembler.push(batch.lines[index]!, batch.firstLine + index);
    lines = batch.firstLine + batch.lines.length - 1;
  }
  assembler.end();

  const clusters = miner.clusters();
  const top = options.top ?? 20;
  const signatures = clusters
    .sort((left, right) => right.data.count - left.data.count || left.data.firstLine - right.data.firstLine)
    .slice(0, top)
    .map((cluster) => toSignature(cluster.template, cluster.data));
  return {
    signatures,
    summary: {
      lines,
      entries,
      matched,
      signatures: clusters.length,
      shown: signatures.length,
      byLevel,
      beforeSince,
      undated,
      unclustered,
      levels: selection.all ? ['ALL'] : [...selection.levels],
      since: since === null ? null : new Date(since).toISOString(),
    },
  };
}

const accessLogRequest = /^\S+ \S+ \S+ \[[^\]]+\] "([A-Z]+) ([^\s"?]*)[^"]*" (\d{3}) /;

/**
 * The tokens of an entry's message with its variable parts masked. An access-log line (common log
 * format) becomes `METHOD /path/<NUM> STATUS`: its request path keeps its words and only the
 * variable segments are masked, so that each endpoint has its own signature.
 */
function templateTokens(entry: LogEntry): { source: string; tokens: string[] } {
  const request = accessLogRequest.exec(entry.head);
  if (request !== null) {
    const path = request[2]!.split('/').map((segment) => maskVariables(segment)).join('/');
    return { source: '', tokens: [request[1]!, path, request[3]!] };
  }
  const message = messageOf(entry);
  const source = loggerPrefix.exec(message);
  const rest = source === null ? message : message.slice(source[0].length);
  return { source: source === null ? '' : source[0], tokens: maskVariables(rest).split(/\s+/).filter((token) => token.length > 0) };
}

/**
 * A logger or component name leading the message (`com.example.OrderService - `, `root: `): messages
 * of different loggers never share a signature, and the tree of the miner starts at the message itself.
 */
const loggerPrefix = /^[A-Za-z_$][\w$.]{0,120}(?: - |: )(?=\S)/;

/**
 * The head without its timestamp, its level and the bracketed fields that lead the message (a thread
 * `[main]`, a process id): those say where, not what, and would split one failure into many.
 */
function messageOf(entry: LogEntry): string {
  let head = entry.head;
  const spans = [entry.timestamp, entry.level].filter((span) => span !== null).sort((left, right) => right.start - left.start);
  for (const span of spans) head = `${head.slice(0, span.start)} ${head.slice(span.end)}`;
  head = head.replace(/^[\s\-|:,]+/, '');
  const withoutFields = head.replace(/^(?:\[[^\]]{0,80}\][\s\-|:,]*)+/, '');
  if (withoutFields.length > 0) head = withoutFields;
  return head.length > 500 ? head.slice(0, 500) : head;
}

function hasStackTrace(entry: LogEntry): boolean {
  return entry.trace.length > 0 && (hasFrames(entry) || exceptionsOf(entry).exception !== null);
}

function stackTraceOf(entry: LogEntry): string | null {
  if (entry.trace.length === 0) return null;
  const shown = entry.trace.slice(0, maxStackTraceLines).map(cut);
  const more = entry.trace.length - shown.length + entry.droppedTraceLines;
  if (more > 0) shown.push(`... ${more} more line${more === 1 ? '' : 's'}`);
  return shown.join('\n');
}

function cut(line: string): string {
  return line.length > maxSampleLength ? `${line.slice(0, maxSampleLength)}…` : line;
}

function toSignature(template: readonly string[], data: SignatureData): FailureSignature {
  return {
    signature: `${data.source}${template.join(' ')}`,
    count: data.count,
    level: data.level,
    ...(data.exception === null ? {} : { exception: data.exception }),
    ...(data.rootCause === null ? {} : { rootCause: data.rootCause }),
    firstSeen: data.firstTime === null ? null : new Date(data.firstTime).toISOString(),
    lastSeen: data.lastTime === null ? null : new Date(data.lastTime).toISOString(),
    firstLine: data.firstLine,
    lastLine: data.lastLine,
    sample: data.sample,
    ...(data.stackTrace === null ? {} : { stackTrace: data.stackTrace }),
  };
}
