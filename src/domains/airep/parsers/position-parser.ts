import { airepIssue, type AirepIssue } from '../airep-issues.ts';
import type { TokenCursor } from '../tokenizer.ts';

export interface ParsedPosition {
  lat: number | null;
  lon: number | null;
  fix: string | null;
  issues: AirepIssue[];
}

export interface PositionOptions {
  /** ARS also writes the hemisphere first, `N2020W07005` (or `N2020 W07005`). */
  hemisphereFirst: boolean;
}

const expectedForms = 'DDMM[N|S]DDDMM[E|W] (e.g. 5130N00100W, or with a space between the halves) or a named fix of 2 to 5 letters';

const latitudeFirst = /^(\d+)([NS])(\d+)([EW])$/;
const hemisphereFirstCombined = /^([NS])(\d+)([EW])(\d+)$/;
const latitudeHalf = /^(\d+)([NS])$/;
const longitudeHalf = /^(\d+)([EW])$/;
const hemisphereFirstLatitude = /^([NS])(\d+)$/;
const hemisphereFirstLongitude = /^([EW])(\d+)$/;
const namedFix = /^[A-Z]+$/;

/** True when the group at the cursor is written as coordinates (well formed or not). */
export function looksLikeCoordinates(token: string): boolean {
  return /\d/.test(token) && /[NSEW]/.test(token) && /^[0-9NSEW]+$/.test(token);
}

/**
 * Reads a position at the cursor: coordinates in one group or two, or a named fix. Returns null,
 * consuming nothing, when the group there is not written as a position at all (the caller decides
 * whether a missing position is an error).
 */
export function readPosition(cursor: TokenCursor, options: PositionOptions): ParsedPosition | null {
  const token = cursor.peek();
  if (token === undefined) return null;
  const next = cursor.peek(1);

  let match = latitudeFirst.exec(token);
  if (match !== null) {
    cursor.next();
    return coordinates(token, { degreesMinutes: match[1]!, hemisphere: match[2]! }, { degreesMinutes: match[3]!, hemisphere: match[4]! });
  }
  match = hemisphereFirstCombined.exec(token);
  if (match !== null) {
    cursor.next();
    if (!options.hemisphereFirst) return hemisphereFirstInRoutine(token);
    return coordinates(token, { degreesMinutes: match[2]!, hemisphere: match[1]! }, { degreesMinutes: match[4]!, hemisphere: match[3]! });
  }
  const latitude = latitudeHalf.exec(token);
  const longitude = next === undefined ? null : longitudeHalf.exec(next);
  if (latitude !== null && longitude !== null) {
    cursor.next();
    cursor.next();
    return coordinates(`${token} ${next}`, { degreesMinutes: latitude[1]!, hemisphere: latitude[2]! }, { degreesMinutes: longitude[1]!, hemisphere: longitude[2]! });
  }
  const prefixedLatitude = hemisphereFirstLatitude.exec(token);
  const prefixedLongitude = next === undefined ? null : hemisphereFirstLongitude.exec(next);
  if (prefixedLatitude !== null && prefixedLongitude !== null) {
    cursor.next();
    cursor.next();
    if (!options.hemisphereFirst) return hemisphereFirstInRoutine(`${token} ${next}`);
    return coordinates(`${token} ${next}`, { degreesMinutes: prefixedLatitude[2]!, hemisphere: prefixedLatitude[1]! }, { degreesMinutes: prefixedLongitude[2]!, hemisphere: prefixedLongitude[1]! });
  }
  if (looksLikeCoordinates(token)) {
    cursor.next();
    const problem = latitude !== null || prefixedLatitude !== null ? `latitude ${token} has no longitude after it` : `position ${token} is malformed`;
    return malformed(`${problem}; expected ${expectedForms}`);
  }
  if (namedFix.test(token)) {
    cursor.next();
    if (token.length < 2 || token.length > 5) return malformed(`named fix ${token} has ${token.length} letter(s); expected 2 to 5 letters`);
    return { lat: null, lon: null, fix: token, issues: [] };
  }
  return null;
}

/** The issue for a position that is missing or not written as one. */
export function positionMissing(found: string | undefined, after: string): AirepIssue {
  return airepIssue(
    'position_malformed',
    found === undefined ? `position is missing after the ${after}; expected ${expectedForms}` : `position is missing after the ${after} (found ${found}); expected ${expectedForms}`,
  );
}

/** The issue for a group in the position slot that is not a position. */
export function positionMalformed(token: string): AirepIssue {
  return airepIssue('position_malformed', `position ${token} is malformed; expected ${expectedForms}`);
}

interface CoordinateText {
  degreesMinutes: string;
  hemisphere: string;
}

function coordinates(written: string, latitude: CoordinateText, longitude: CoordinateText): ParsedPosition {
  const issues: AirepIssue[] = [];
  const lat = coordinate(written, latitude, 'latitude', issues);
  const lon = coordinate(written, longitude, 'longitude', issues);
  return { lat, lon, fix: null, issues };
}

const axes = {
  latitude: { digits: 4, layout: 'DDMM', limit: 90, hemispheres: 'N or S', negative: 'S' },
  longitude: { digits: 5, layout: 'DDDMM', limit: 180, hemispheres: 'E or W', negative: 'W' },
} as const;

/** Decimal degrees of one half, or null when it cannot be read; range problems are added to `issues`. */
function coordinate(written: string, text: CoordinateText, axis: keyof typeof axes, issues: AirepIssue[]): number | null {
  const rules = axes[axis];
  const shown = `${text.degreesMinutes}${text.hemisphere}`;
  if (text.degreesMinutes.length !== rules.digits) {
    issues.push(airepIssue('position_malformed', `${axis} ${shown} in ${written} must have ${rules.digits} digits (${rules.layout}) with ${rules.hemispheres}`));
    return null;
  }
  const degrees = Number(text.degreesMinutes.slice(0, -2));
  const minutes = Number(text.degreesMinutes.slice(-2));
  if (minutes >= 60) {
    issues.push(airepIssue('minutes_out_of_range', `minutes ${text.degreesMinutes.slice(-2)} of ${axis} ${shown} in ${written} are 60 or more`));
    return null;
  }
  const value = degrees + minutes / 60;
  if (value > rules.limit) {
    issues.push(airepIssue(axis === 'latitude' ? 'latitude_out_of_range' : 'longitude_out_of_range', `${axis} ${shown} in ${written} is beyond ${rules.limit}°`));
  }
  const rounded = Math.round(value * 1_000_000) / 1_000_000;
  return text.hemisphere === rules.negative && rounded !== 0 ? -rounded : rounded;
}

function hemisphereFirstInRoutine(written: string): ParsedPosition {
  return malformed(`position ${written} writes the hemisphere first, which only ARS allows; an ARP writes ${expectedForms}`);
}

function malformed(message: string): ParsedPosition {
  return { lat: null, lon: null, fix: null, issues: [airepIssue('position_malformed', message)] };
}
