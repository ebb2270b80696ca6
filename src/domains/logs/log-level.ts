import { NovaError } from '../../core/errors.ts';

export const logLevels = ['FATAL', 'ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE'] as const;
export type LogLevel = (typeof logLevels)[number];

/** A level found in a line, with where its word is (to leave it out of the signature). */
export interface FoundLevel {
  level: LogLevel;
  start: number;
  end: number;
}

const levelWords: Readonly<Record<string, LogLevel>> = {
  FATAL: 'FATAL',
  CRITICAL: 'FATAL',
  CRIT: 'FATAL',
  EMERG: 'FATAL',
  EMERGENCY: 'FATAL',
  ALERT: 'FATAL',
  PANIC: 'FATAL',
  SEVERE: 'ERROR',
  ERROR: 'ERROR',
  ERR: 'ERROR',
  WARNING: 'WARN',
  WARN: 'WARN',
  NOTICE: 'INFO',
  INFO: 'INFO',
  INFORMATION: 'INFO',
  DEBUG: 'DEBUG',
  FINE: 'DEBUG',
  TRACE: 'TRACE',
  FINER: 'TRACE',
  FINEST: 'TRACE',
  VERBOSE: 'TRACE',
};

const keyValueLevel = /\b(?:level|lvl|severity|loglevel|log\.level)"?\s*[=:]\s*"?([A-Za-z]+)/i;
const glogLevel = /^([IWEF])\d{4} \d{2}:\d{2}:\d{2}/;
const commonLogStatus = /^\S+ \S+ \S+ \[[^\]]+\] "[^"]*" (\d{3}) /;
const bracketedLevel = /\[(?:[a-z_]+:)?(emerg|alert|crit|critical|error|err|warn|warning|notice|info|debug|trace|fatal|severe)\]/i;
const upperCaseLevel = /(?<![\w-])(FATAL|CRITICAL|CRIT|EMERG|EMERGENCY|ALERT|PANIC|SEVERE|ERROR|ERR|WARNING|WARN|NOTICE|INFO|DEBUG|TRACE)(?![\w-])/;
const glogLevels: Readonly<Record<string, LogLevel>> = { I: 'INFO', W: 'WARN', E: 'ERROR', F: 'FATAL' };

/**
 * The level a log line states, looked for in this order within its first 200 characters:
 * `level=error` / `"level":"error"` (logfmt, JSON logs); glog's `E0501 12:00:00` prefix; the status of
 * a common-log-format access line (5xx ERROR, 4xx WARN, else INFO); a bracketed word (`[error]`,
 * `[core:warn]`, nginx and Apache); an upper-case word (`ERROR`, `WARNING`, `FATAL`, ...). Synonyms map
 * to six levels: CRITICAL, EMERG, ALERT, PANIC -> FATAL; SEVERE, ERR -> ERROR; WARNING -> WARN;
 * NOTICE -> INFO; FINE -> DEBUG; FINER, FINEST, VERBOSE -> TRACE.
 */
export function findLevel(line: string): FoundLevel | null {
  const head = line.length > 200 ? line.slice(0, 200) : line;
  const keyValue = keyValueLevel.exec(head);
  if (keyValue !== null) {
    const level = levelWords[keyValue[1]!.toUpperCase()];
    if (level !== undefined) return { level, start: keyValue.index, end: keyValue.index + keyValue[0].length };
  }
  const glog = glogLevel.exec(head);
  if (glog !== null) return { level: glogLevels[glog[1]!]!, start: 0, end: 1 };
  const common = head.charCodeAt(0) !== 91 && head.includes('" ') ? commonLogStatus.exec(head) : null;
  if (common !== null) {
    const status = Number(common[1]);
    const start = common.index + common[0].length - 4;
    return { level: status >= 500 ? 'ERROR' : status >= 400 ? 'WARN' : 'INFO', start, end: start + 3 };
  }
  const bracketed = bracketedLevel.exec(head);
  if (bracketed !== null) return { level: levelWords[bracketed[1]!.toUpperCase()]!, start: bracketed.index, end: bracketed.index + bracketed[0].length };
  const upper = upperCaseLevel.exec(head);
  if (upper !== null) return { level: levelWords[upper[1]!]!, start: upper.index, end: upper.index + upper[0].length };
  return null;
}

const errorWords = /\b(?:errors?|exceptions?|fail(?:s|ed|ure|ures|ing)?|fatal|panic(?:ked)?|traceback|segfault|segmentation fault|abort(?:ed)?|crash(?:ed)?|timed out|timeout|refused|unreachable|unavailable|denied|could not|cannot|can't|unable to|out of memory|oom)\b/i;

/**
 * Whether a line without a stated level reads as a failure: it has one of the words error(s),
 * exception(s), fail/failed/failure/failing, fatal, panic, traceback, segfault, abort(ed), crash(ed),
 * timed out, timeout, refused, unreachable, unavailable, denied, could not, cannot, can't, unable to,
 * out of memory, oom.
 */
export function soundsLikeFailure(text: string): boolean {
  return errorWords.test(text.length > 500 ? text.slice(0, 500) : text);
}

/** Reads the `levels` a user asked for (any case, synonyms allowed, `ALL` for every entry), or fails listing the valid ones. */
export function parseLevels(requested: readonly string[]): { levels: ReadonlySet<LogLevel>; all: boolean } {
  const levels = new Set<LogLevel>();
  let all = false;
  for (const name of requested) {
    const upper = name.trim().toUpperCase();
    if (upper === 'ALL' || upper === '*') {
      all = true;
      continue;
    }
    const level = levelWords[upper];
    if (level === undefined) {
      throw new NovaError({
        code: 'input_invalid',
        fault: 'user',
        message: `Unknown log level ${JSON.stringify(name)} in levels`,
        hint: `Use ${logLevels.join(', ')} (synonyms such as WARNING, CRITICAL, SEVERE work too), or ALL for every line.`,
        details: { level: name },
      });
    }
    levels.add(level);
  }
  return { levels, all };
}
