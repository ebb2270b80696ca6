import { airepIssue, type AirepIssue } from '../airep-issues.ts';
import type { TokenCursor } from '../tokenizer.ts';

const intensities = ['NIL', 'LGT', 'FBL', 'MOD', 'SEV'] as const;
const turbulenceQualifiers = new Set(['CAT', 'INC']);

export const turbulenceKeywords = new Set(['TB', 'TURB']);
export const icingKeyword = 'ICE';

export interface ParsedHazard {
  /** The intensity as written (`MOD`, or a range `LGT-MOD`), with a turbulence qualifier (`MOD CAT`). */
  value: string | null;
  issues: AirepIssue[];
}

/** True for an intensity (`MOD`) or a range of two (`LGT-MOD`). */
export function isIntensity(token: string): boolean {
  const parts = token.split('-');
  return parts.length <= 2 && parts.every((part) => (intensities as readonly string[]).includes(part));
}

/**
 * Reads `TB <intensity>` / `TURB <intensity>` (optionally followed by `CAT` or `INC`) or
 * `ICE <intensity>`, the keyword being at the cursor. Intensities: NIL, LGT, FBL, MOD, SEV, or a range
 * of two such as LGT-MOD.
 */
export function readHazard(cursor: TokenCursor, kind: 'turbulence' | 'icing'): ParsedHazard {
  const keyword = cursor.next()!;
  const intensity = cursor.peek();
  if (intensity === undefined || !isIntensity(intensity)) {
    const code = kind === 'turbulence' ? 'turbulence_malformed' : 'icing_malformed';
    const found = intensity === undefined ? 'nothing' : intensity;
    // A word in the intensity's place is taken as a misspelt intensity, not as a group of its own.
    if (intensity !== undefined && /^[A-Z-]+$/.test(intensity) && !turbulenceKeywords.has(intensity) && intensity !== icingKeyword) cursor.next();
    return { value: null, issues: [airepIssue(code, `${kind} ${keyword} needs an intensity (${intensities.join(', ')}), found ${found}`)] };
  }
  cursor.next();
  const qualifier = cursor.peek();
  if (kind === 'turbulence' && qualifier !== undefined && turbulenceQualifiers.has(qualifier)) {
    cursor.next();
    return { value: `${intensity} ${qualifier}`, issues: [] };
  }
  return { value: intensity, issues: [] };
}
