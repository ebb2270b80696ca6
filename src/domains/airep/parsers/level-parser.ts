import { airepIssue, type AirepIssue } from '../airep-issues.ts';

export interface ParsedLevel {
  /** Hundreds of feet: the flight level, the altitude in hundreds of feet, or a layer's lower level. */
  level: number | null;
  issues: AirepIssue[];
}

const levelGroup = /^(FL|F|A)(\d+)(?:\/(\d+))?$/;
const highestLevel = 650;

/** True when the group is written as a level (`F`, `FL` or `A` and digits), well formed or not. */
export function looksLikeLevel(token: string): boolean {
  return /^(FL|F|A)\d/.test(token);
}

/**
 * Reads `F370`, `FL370` or `A050` (altitude in hundreds of feet), and when `allowLayer` a layer
 * `FL180/210`. Levels are 000 to 650.
 */
export function parseLevel(token: string, options: { allowLayer: boolean }): ParsedLevel {
  const match = levelGroup.exec(token);
  if (match === null) return malformed(`level ${token} is malformed; expected F370, FL370 or A050${options.allowLayer ? ' (or a layer FL180/210)' : ''}`);
  const [, , lowerText, upperText] = match;
  if (upperText !== undefined && !options.allowLayer) return malformed(`level ${token} is a layer, which only ARS reports; an ARP gives one level such as FL370`);
  for (const digits of [lowerText!, upperText]) {
    if (digits !== undefined && digits.length !== 3) return malformed(`level ${token} must have 3 digits (e.g. FL370 or A050), found ${digits}`);
  }
  const lower = Number(lowerText);
  const upper = upperText === undefined ? null : Number(upperText);
  const issues: AirepIssue[] = [];
  for (const value of upper === null ? [lower] : [lower, upper]) {
    if (value > highestLevel) issues.push(airepIssue('level_out_of_range', `level ${token} is outside 000-${highestLevel}`));
  }
  if (upper !== null && upper < lower) issues.push(airepIssue('level_malformed', `layer ${token} must give its lower level first`));
  return { level: lower, issues };
}

function malformed(message: string): ParsedLevel {
  return { level: null, issues: [airepIssue('level_malformed', message)] };
}
