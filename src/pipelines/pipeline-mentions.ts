/**
 * The ids of `candidates` a request names, longest first: "run the daily-ops pipeline", "execute
 * pipeline month-end-close for October", "month end close" (an id's words with spaces also count).
 */
export function idsMentioned(request: string, candidates: readonly string[]): string[] {
  const text = ` ${request.toLowerCase().replace(/[^a-z0-9-]+/g, ' ')} `;
  const spaced = text.replace(/-/g, ' ');
  return candidates
    .filter((id) => text.includes(` ${id} `) || spaced.includes(` ${id.replace(/-/g, ' ')} `))
    .sort((left, right) => right.length - left.length);
}

/** `name=value` pairs written in a request (`run airep-daily file=/data/today.txt`), values as written. */
export function pairsMentioned(request: string): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const match of request.matchAll(/(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|'([^']*)'|(\S+))/g)) {
    pairs[match[1]!] = match[3] ?? match[4] ?? match[5] ?? '';
  }
  return pairs;
}
