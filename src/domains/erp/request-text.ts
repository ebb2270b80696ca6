import { addDays, dayNumber, monthRange } from './erp-dates.ts';
import { idLikeWords, matchIds } from './erp-lookup.ts';

/**
 * What the ERP code agents read from a request in words ("status of PO-1042", "reconcile October"),
 * when they are reached by routing with text instead of structured input. Only facts that can be
 * checked against the store are taken: ids that exist, names of known parties, periods.
 */

/** The known ids that the text names (by id or by number: "2231" finds "PO-2231"). */
export function idsInText(text: string, ids: readonly string[]): string[] {
  return idReferencesInText(text, ids).found;
}

/**
 * The known ids the text names, and the words that look like ids (they have digits; dates do not
 * count) but name none of them: "status of PO-9999" must say there is no such PO, not list them all.
 */
export function idReferencesInText(text: string, ids: readonly string[]): { found: string[]; unknown: string[] } {
  const found = new Set<string>();
  const unknown: string[] = [];
  for (const word of idLikeWords(text)) {
    if (/^\d{4}-\d{2}(-\d{2})?$/.test(word)) continue;
    // "3-way match", "30-day terms", "90-days": a number with a unit, not an id.
    if (/^\d+-(way|days?|weeks?|months?|years?|hours?)$/i.test(word)) continue;
    const matched = matchIds(word, ids);
    if (matched.length === 0) unknown.push(word);
    for (const id of matched) found.add(id);
  }
  return { found: [...found], unknown };
}

/** The parties whose id or name the text mentions; a name may be given by its first word ("Acme"). */
export function partiesInText<Party extends { id: string; name: string }>(text: string, parties: readonly Party[]): Party[] {
  const lower = ` ${text.toLowerCase().replace(/[^\p{L}\p{N}\- ]+/gu, ' ')} `;
  return parties.filter((party) => {
    const name = party.name.toLowerCase();
    const firstWord = name.split(/\s+/)[0] ?? '';
    return lower.includes(` ${party.id.toLowerCase()} `) || lower.includes(name) || (firstWord.length >= 4 && lower.includes(` ${firstWord} `));
  });
}

const monthNames = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/**
 * A period the text names, relative to `asOf`: "this week" (Monday to asOf), "last week", "this month",
 * "last month", "today", a month by name ("October", "oct 2026": the latest one not after asOf unless
 * a year is given) or `YYYY-MM`. Null when it names none.
 */
export function periodInText(text: string, asOf: string): { from: string; to: string } | null {
  const lower = text.toLowerCase();
  const weekday = (dayNumber(asOf) + 3) % 7; // 1970-01-01 was a Thursday; 0 is Monday
  if (/\btoday\b/.test(lower)) return { from: asOf, to: asOf };
  if (/\bthis week\b/.test(lower)) return { from: addDays(asOf, -weekday), to: asOf };
  if (/\blast week\b/.test(lower)) return { from: addDays(asOf, -weekday - 7), to: addDays(asOf, -weekday - 1) };
  const [year, month] = asOf.split('-').map(Number) as [number, number];
  if (/\bthis month\b/.test(lower)) return { from: `${asOf.slice(0, 7)}-01`, to: asOf };
  if (/\blast month\b/.test(lower)) return monthRange(month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`);
  const isoMonth = /\b(\d{4})-(0[1-9]|1[0-2])\b(?!-\d)/.exec(lower);
  if (isoMonth !== null) return monthRange(`${isoMonth[1]}-${isoMonth[2]}`);
  for (const [index, name] of monthNames.entries()) {
    const match = new RegExp(`\\b(?:${name}|${name.slice(0, 3)})\\b(?:\\s+(\\d{4}))?`).exec(lower);
    if (match === null || (name === 'may' && match[1] === undefined && !/\bin may\b|\bfor may\b|^may\b/.test(lower))) continue;
    const monthNumber = index + 1;
    const chosenYear = match[1] !== undefined ? Number(match[1]) : monthNumber <= month ? year : year - 1;
    return monthRange(`${chosenYear}-${String(monthNumber).padStart(2, '0')}`);
  }
  return null;
}

/** Whether the request asks only for what is still open ("still open", "outstanding", "not closed"). */
export function asksForOpenOnly(text: string): boolean {
  return /\b(open|outstanding|not (yet )?closed|pending|unpaid)\b/i.test(text);
}
