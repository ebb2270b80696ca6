import { Cron } from 'croner';
import { errorMessage } from '../../core/error-message.ts';

/**
 * When a schedule fires: cron patterns read in an IANA time zone by croner, which handles daylight
 * saving (a fixed-time job in a gap runs after it, a repeated hour runs once).
 */

/** Why a time zone is not one, or undefined. */
export function timezoneProblem(timezone: string): string | undefined {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: timezone });
    return undefined;
  } catch {
    // Intl throws a RangeError for an unknown zone; the message below says what to give instead.
    return `unknown time zone "${timezone}": give an IANA name such as Europe/London, America/New_York or UTC`;
  }
}

/** Why a cron pattern does not parse (or never fires), or undefined. */
export function cronProblem(cron: string, timezone: string): string | undefined {
  const zone = timezoneProblem(timezone);
  if (zone !== undefined) return zone;
  let job: Cron;
  try {
    job = new Cron(cron, { timezone, paused: true });
  } catch (error) {
    return `invalid cron pattern "${cron}": ${errorMessage(error)} (five fields: minute hour day-of-month month day-of-week, e.g. "0 7 * * 1-5")`;
  }
  const next = job.nextRun();
  job.stop();
  return next === null ? `the cron pattern "${cron}" never fires` : undefined;
}

/** The first time the schedule fires strictly after `after`, or null if it never does. */
export function nextFireAfter(cron: string, timezone: string, after: Date): Date | null {
  const job = new Cron(cron, { timezone, paused: true });
  try {
    return job.nextRun(after);
  } finally {
    job.stop();
  }
}

/** The times the schedule fired in (after, until], oldest first, at most `limit` (the latest ones). */
export function fireTimesBetween(cron: string, timezone: string, after: Date, until: Date, limit: number): Date[] {
  const job = new Cron(cron, { timezone, paused: true });
  const times: Date[] = [];
  try {
    for (let next = job.nextRun(after); next !== null && next.getTime() <= until.getTime(); next = job.nextRun(next)) {
      times.push(next);
      if (times.length > limit) times.shift();
    }
  } finally {
    job.stop();
  }
  return times;
}
