/** Units of a duration in a pipeline file, in milliseconds. */
const unitMilliseconds: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

const durationPattern = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;
const partPattern = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;

/**
 * Milliseconds of a duration written as a pipeline file writes them: `500ms`, `2s`, `1.5m`, `2h`,
 * `1d`, or parts added up (`1h30m`). Returns undefined for anything else, including a bare number
 * (is `2` two seconds or two milliseconds? the file must say).
 */
export function parseDuration(text: string): number | undefined {
  const compact = text.trim();
  if (!durationPattern.test(compact)) return undefined;
  let total = 0;
  for (const match of compact.matchAll(partPattern)) total += Number(match[1]) * unitMilliseconds[match[2]!]!;
  return Math.round(total);
}

export const durationHint = 'a duration with a unit: 500ms, 2s, 1.5m, 2h, 1d, or parts such as 1h30m';

/** A short human form: `850ms`, `2s`, `1m30s`, `2h`. */
export function formatDurationMs(milliseconds: number): string {
  if (milliseconds < 1000) return `${Math.round(milliseconds)}ms`;
  const parts: string[] = [];
  let rest = Math.round(milliseconds / 1000);
  for (const [unit, seconds] of [['d', 86_400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    if (rest >= seconds) {
      parts.push(`${Math.floor(rest / seconds)}${unit}`);
      rest %= seconds;
    }
  }
  return parts.join('');
}
