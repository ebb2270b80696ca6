import { airepIssue, type AirepIssue } from './airep-issues.ts';
import type { AirepBulletin } from './airep-report.ts';

export type BulletinHeaderResult = { ok: true; bulletin: AirepBulletin } | { ok: false; issue: AirepIssue };

const headerShape = /^[A-Z]{4}\d{2}$/;
const dateTimeGroup = /^(\d{2})(\d{2})(\d{2})$/;
const amendmentGroup = /^(RR|CC|AA)[A-Z]$/;

/** True when the line starts like a WMO abbreviated heading: `TTAAii CCCC ...`. */
export function looksLikeBulletinHeader(tokens: readonly string[]): boolean {
  return tokens.length >= 2 && headerShape.test(tokens[0]!) && /^[A-Z]{4}$/.test(tokens[1]!);
}

/**
 * Reads a WMO abbreviated heading `TTAAii CCCC YYGGgg [BBB]` (e.g. `UAUK01 EGRR 231200`): the day of
 * the month and the time it gives to the messages under it.
 */
export function parseBulletinHeader(tokens: readonly string[]): BulletinHeaderResult {
  const header = tokens.join(' ');
  const dateTime = tokens[2] === undefined ? null : dateTimeGroup.exec(tokens[2]);
  const extra = tokens.slice(3);
  if (dateTime === null || extra.length > 1 || (extra.length === 1 && !amendmentGroup.test(extra[0]!))) {
    return invalid(`bulletin header ${header} is malformed; expected TTAAii CCCC YYGGgg [BBB], e.g. UAUK01 EGRR 231200`);
  }
  const day = Number(dateTime[1]);
  const hours = Number(dateTime[2]);
  const minutes = Number(dateTime[3]);
  if (day < 1 || day > 31) return invalid(`bulletin header ${header}: day ${dateTime[1]} is outside 01-31`);
  if (hours > 23 || minutes > 59) return invalid(`bulletin header ${header}: time ${dateTime[2]}${dateTime[3]} is outside 0000-2359`);
  return { ok: true, bulletin: { header, day, time: `${dateTime[2]}${dateTime[3]}` } };
}

function invalid(message: string): BulletinHeaderResult {
  return { ok: false, issue: airepIssue('bulletin_header_invalid', message) };
}
