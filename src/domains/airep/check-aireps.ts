import type { AirepIssue } from './airep-issues.ts';
import type { AirepBulletin, AirepCheckResult, AirepReport } from './airep-report.ts';
import { looksLikeBulletinHeader, parseBulletinHeader } from './bulletin-header.ts';
import { newDraft, type MessageDraft } from './message-draft.ts';
import { parseMessage } from './message-parser.ts';
import { findDuplicateMessages } from './rules/duplicate-messages.ts';
import { checkGroundSpeeds, type TimedPosition } from './rules/ground-speed.ts';
import { checkMessagePlausibility } from './rules/message-plausibility.ts';
import { tokenize } from './tokenizer.ts';

interface ParsedLine {
  line: number;
  raw: string;
  tokens: string[];
  draft: MessageDraft;
  bulletin: AirepBulletin | null;
}

/**
 * Checks AIREP messages (ICAO Doc 4444, Appendix 1), one per line: routine `ARP` and special `ARS`.
 * Blank lines and lines starting with `#` are skipped; WMO bulletin headers (`UAUK01 EGRR 231200`)
 * date the messages under them until the next header or `NNNN`; `ZCZC` transmission lines are skipped.
 * Each message gets its fields and every issue found; an error makes it invalid.
 *
 * @example checkAireps('ARP BAW123 5130N00100W 1230 F370 MS52 250/045KT').summary // {total: 1, valid: 1, invalid: 0, warnings: 0}
 */
export function checkAireps(text: string): AirepCheckResult {
  const parsed = parseLines(text);

  const duplicates = findDuplicateMessages(
    parsed.filter((entry) => entry.draft.type !== null).map((entry) => ({ line: entry.line, tokens: entry.tokens, bulletinDay: entry.bulletin?.day ?? null })),
  );
  const speeds = checkGroundSpeeds(parsed.filter((entry) => !duplicates.has(entry.line)).flatMap(timedPosition));

  const reports = parsed.map((entry): AirepReport => {
    const issues: AirepIssue[] = [...entry.draft.issues];
    if (entry.draft.type !== null) issues.push(...checkMessagePlausibility(entry.draft.fields));
    const duplicate = duplicates.get(entry.line);
    if (duplicate !== undefined) issues.push(duplicate);
    const speed = speeds.get(entry.line);
    if (speed !== undefined) issues.push(speed);
    return {
      line: entry.line,
      raw: entry.raw,
      valid: issues.every((issue) => issue.severity !== 'error'),
      type: entry.draft.type,
      fields: entry.draft.fields,
      issues,
      bulletin: entry.bulletin,
    };
  });

  const valid = reports.filter((report) => report.valid).length;
  const warnings = reports.reduce((count, report) => count + report.issues.filter((issue) => issue.severity === 'warning').length, 0);
  return { reports, summary: { total: reports.length, valid, invalid: reports.length - valid, warnings } };
}

function parseLines(text: string): ParsedLine[] {
  const parsed: ParsedLine[] = [];
  let bulletin: AirepBulletin | null = null;
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const tokens = tokenize(trimmed);
    const first = tokens[0];
    if (first === undefined || first === 'ZCZC') return;
    if (first === 'NNNN') {
      bulletin = null;
      return;
    }
    if (looksLikeBulletinHeader(tokens)) {
      const header = parseBulletinHeader(tokens);
      if (header.ok) {
        bulletin = header.bulletin;
        return;
      }
      // Messages under a broken header are not dated by it, nor by the bulletin before it.
      bulletin = null;
      const draft = newDraft(null);
      draft.issues.push(header.issue);
      parsed.push({ line: index + 1, raw, tokens, draft, bulletin: null });
      return;
    }
    parsed.push({ line: index + 1, raw, tokens, draft: parseMessage(tokens), bulletin });
  });
  return parsed;
}

function timedPosition(entry: ParsedLine): TimedPosition[] {
  const { draft } = entry;
  const { callsign, lat, lon, time } = draft.fields;
  if (!draft.positionUsable || !draft.timeUsable || callsign === null || lat === null || lon === null || time === null) return [];
  return [{ line: entry.line, callsign, lat, lon, time, bulletin: entry.bulletin }];
}
