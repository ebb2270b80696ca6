/**
 * Recurrences said in words, as cron patterns: "every weekday at 7", "daily at 18:30", "every Friday
 * at 5pm", "mondays and thursdays at 9:15", "every hour", "every 15 minutes", "on the 1st of every
 * month at 6", "on the last day of the month at 23:00". Anything else is not guessed at: the caller
 * asks for a cron pattern.
 */

const dayNumbers: ReadonlyArray<readonly [RegExp, number, string]> = [
  [/\b(sun|sundays?)\b/, 0, 'Sunday'],
  [/\b(mon|mondays?)\b/, 1, 'Monday'],
  [/\b(tue|tues|tuesdays?)\b/, 2, 'Tuesday'],
  [/\b(wed|wednesdays?)\b/, 3, 'Wednesday'],
  [/\b(thu|thur|thurs|thursdays?)\b/, 4, 'Thursday'],
  [/\b(fri|fridays?)\b/, 5, 'Friday'],
  [/\b(sat|saturdays?)\b/, 6, 'Saturday'],
];

export interface CronPhrase {
  cron: string;
  /** The recurrence in plain words: "weekdays at 07:00". */
  description: string;
}

export type CronPhraseResult = { ok: true; value: CronPhrase } | { ok: false; problem: string } | { ok: false; problem: null };

/**
 * Reads a recurrence from a request. `problem: null` when the text names none at all; a problem
 * (what is missing) when it names one only in part, e.g. a day without a time.
 */
export function cronFromPhrase(request: string): CronPhraseResult {
  const text = request.toLowerCase();
  const interval = /\bevery\s+(\d{1,2})\s+(minutes?|mins?|hours?)\b/.exec(text);
  if (interval !== null) {
    const amount = Number(interval[1]);
    const minutes = interval[2]!.startsWith('m');
    if (amount < 1 || amount > (minutes ? 59 : 23)) return { ok: false, problem: `every ${amount} ${minutes ? 'minutes' : 'hours'} cannot be a cron pattern; use 1-${minutes ? 59 : 23}` };
    return { ok: true, value: minutes ? { cron: `*/${amount} * * * *`, description: `every ${amount} minutes` } : { cron: `0 */${amount} * * *`, description: `every ${amount} hours` } };
  }
  if (/\b(every hour|hourly)\b/.test(text)) return { ok: true, value: { cron: '0 * * * *', description: 'every hour, on the hour' } };
  if (/\bevery minute\b/.test(text)) return { ok: true, value: { cron: '* * * * *', description: 'every minute' } };

  const time = readTime(text);
  const days = readDays(text);
  const monthDay = readMonthDay(text);
  if (days === undefined && monthDay === undefined) {
    if (time === undefined) return { ok: false, problem: null };
    return { ok: false, problem: 'at that time on which days? e.g. "every day at 7", "weekdays at 7", "every Friday at 17:00"' };
  }
  if (time === undefined) return { ok: false, problem: `at what time? e.g. "${days?.words ?? 'on the 1st of every month'} at 7:00"` };
  const clock = `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
  if (monthDay !== undefined) return { ok: true, value: { cron: `${time.minute} ${time.hour} ${monthDay.field} * *`, description: `${monthDay.words} at ${clock}` } };
  return { ok: true, value: { cron: `${time.minute} ${time.hour} * * ${days!.field}`, description: `${days!.words} at ${clock}` } };
}

function readTime(text: string): { hour: number; minute: number } | undefined {
  if (/\bnoon\b|\bmidday\b/.test(text)) return { hour: 12, minute: 0 };
  if (/\bmidnight\b/.test(text)) return { hour: 0, minute: 0 };
  const match = /\b(?:at\s+)?(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?(?=\s|$|[,.;!?])/.exec(text.replace(/\b(\d{1,2})(st|nd|rd|th)\b/g, ''));
  const explicit = /\bat\s+\d/.test(text) || /\d\s*(am|pm|a\.m\.|p\.m\.)/.test(text) || /\d[:.h]\d{2}/.test(text);
  if (match === null || !explicit) return undefined;
  let hour = Number(match[1]);
  const minute = match[2] === undefined ? 0 : Number(match[2]);
  const meridiem = match[3]?.replace(/\./g, '');
  if (meridiem === 'pm' && hour < 12) hour += 12;
  if (meridiem === 'am' && hour === 12) hour = 0;
  if (hour > 23 || minute > 59) return undefined;
  return { hour, minute };
}

function readDays(text: string): { field: string; words: string } | undefined {
  if (/\b(weekdays?|working days?|business days?|monday to friday|mon-fri|monday-friday)\b/.test(text)) return { field: '1-5', words: 'weekdays' };
  if (/\b(weekends?)\b/.test(text)) return { field: '0,6', words: 'weekends' };
  const named = dayNumbers.filter(([pattern]) => pattern.test(text));
  if (named.length > 0) return { field: named.map(([, number]) => number).join(','), words: `every ${named.map(([, , name]) => name).join(' and ')}` };
  if (/\b(every day|each day|daily|every morning|every evening|every night|everyday)\b/.test(text)) return { field: '*', words: 'every day' };
  return undefined;
}

function readMonthDay(text: string): { field: string; words: string } | undefined {
  if (/\blast day of (the|every|each) month\b/.test(text)) return { field: 'L', words: 'on the last day of every month' };
  const match = /\b(?:on\s+)?(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?:every|each|the)\s+month\b|\b(?:monthly|every month|each month)\s+on\s+the\s+(\d{1,2})(?:st|nd|rd|th)?\b/.exec(text);
  if (match === null) return undefined;
  const day = Number(match[1] ?? match[2]);
  if (day < 1 || day > 31) return undefined;
  return { field: String(day), words: `on day ${day} of every month` };
}

/** The day-of-week numbers a request names (for finding "the Friday report" among schedules). */
export function daysNamed(request: string): number[] {
  const text = request.toLowerCase();
  return dayNumbers.filter(([pattern]) => pattern.test(text)).map(([, number]) => number);
}

/** The day-of-week numbers a cron pattern runs on (all seven for `*`). */
export function cronDays(cron: string): number[] {
  const field = cron.trim().split(/\s+/)[4] ?? '*';
  if (field === '*' || field === '?') return [0, 1, 2, 3, 4, 5, 6];
  const days = new Set<number>();
  for (const part of field.split(',')) {
    const range = /^(\d)(?:-(\d))?$/.exec(part);
    if (range === null) continue;
    const from = Number(range[1]);
    const to = range[2] === undefined ? from : Number(range[2]);
    for (let day = from; day <= to; day += 1) days.add(day % 7);
  }
  return [...days];
}
