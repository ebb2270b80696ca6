import { airepIssue } from './airep-issues.ts';
import { duplicateGroup, readLevelInto, readPositionInto } from './field-readers.ts';
import type { MessageDraft } from './message-draft.ts';
import { icingKeyword, readHazard, turbulenceKeywords } from './parsers/hazard-parser.ts';
import { looksLikeLevel } from './parsers/level-parser.ts';
import { looksLikeCoordinates } from './parsers/position-parser.ts';
import { looksLikeTemperature, parseTemperature } from './parsers/temperature-parser.ts';
import { looksLikeWind, parseWind } from './parsers/wind-parser.ts';
import type { TokenCursor } from './tokenizer.ts';

export interface OptionalGroupOptions {
  /** ARS may give its level (or layer) and its coordinates among the groups after the time. */
  levelAndPosition: boolean;
}

/**
 * Reads the groups after the mandatory ones, in any order: temperature, wind, turbulence, icing (and
 * for ARS level and position). Each may appear once; a group of no known shape is a warning and is
 * otherwise ignored, since reports may carry remarks.
 */
export function readOptionalGroups(cursor: TokenCursor, draft: MessageDraft, options: OptionalGroupOptions): void {
  while (!cursor.done) {
    const token = cursor.peek()!;
    if (turbulenceKeywords.has(token) || token === icingKeyword) {
      const kind = token === icingKeyword ? 'icing' : 'turbulence';
      if (draft.seen.has(kind)) duplicateGroup(draft, kind, token);
      const hazard = readHazard(cursor, kind);
      if (!draft.seen.has(kind)) draft.fields[kind] = hazard.value;
      draft.seen.add(kind);
      draft.issues.push(...hazard.issues);
    } else if (looksLikeTemperature(token)) {
      cursor.next();
      if (draft.seen.has('temperature')) {
        duplicateGroup(draft, 'temperature', token);
        continue;
      }
      draft.seen.add('temperature');
      const temperature = parseTemperature(token);
      draft.fields.tempC = temperature.value;
      draft.issues.push(...temperature.issues);
    } else if (looksLikeWind(token)) {
      cursor.next();
      if (draft.seen.has('wind')) {
        duplicateGroup(draft, 'wind', token);
        continue;
      }
      draft.seen.add('wind');
      const wind = parseWind(token);
      draft.fields.windDir = wind.direction;
      draft.fields.windKt = wind.speedKt;
      draft.issues.push(...wind.issues);
    } else if (looksLikeLevel(token) && (options.levelAndPosition || draft.seen.has('level'))) {
      cursor.next();
      if (draft.seen.has('level')) duplicateGroup(draft, 'level', token);
      else readLevelInto(draft, token, { allowLayer: draft.type === 'ARS' });
    } else if (looksLikeCoordinates(token) && (options.levelAndPosition || draft.seen.has('position'))) {
      if (draft.seen.has('position')) {
        cursor.next();
        duplicateGroup(draft, 'position', token);
      } else {
        readPositionInto(draft, cursor, { hemisphereFirst: draft.type === 'ARS' });
      }
    } else {
      cursor.next();
      draft.issues.push(airepIssue('unrecognized_group', `group ${token} is not part of an AIREP and was ignored`));
    }
  }
}
