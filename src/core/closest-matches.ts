/**
 * The candidates closest to a mistyped name, best first: those within a small edit distance, or that
 * contain it or are contained by it. Used for "did you mean" in errors.
 */
export function closestMatches(name: string, candidates: readonly string[], limit = 3): string[] {
  const wanted = name.toLowerCase();
  const scored: Array<{ candidate: string; distance: number }> = [];
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase();
    const distance = editDistance(wanted, lower);
    const related = lower.includes(wanted) || wanted.includes(lower);
    const allowed = Math.max(2, Math.floor(Math.max(wanted.length, lower.length) / 3));
    if (distance <= allowed || related) scored.push({ candidate, distance: related ? Math.min(distance, 1) : distance });
  }
  return scored
    .sort((left, right) => left.distance - right.distance || left.candidate.localeCompare(right.candidate))
    .slice(0, limit)
    .map((entry) => entry.candidate);
}

/**
 * ` (did you mean "x"?)` for the closest candidates (best first, `limit` of them joined by "or"), or ''
 * when none is close: the one way Nova words a suggestion after an unknown name.
 */
export function didYouMean(name: string, candidates: readonly string[], limit = 1): string {
  const closest = closestMatches(name, candidates, limit);
  return closest.length === 0 ? '' : ` (did you mean ${closest.map((value) => `"${value}"`).join(' or ')}?)`;
}

/**
 * Edit distance counting insertions, deletions, substitutions and swaps of two neighbouring letters as
 * one edit each (optimal string alignment), since swapped letters are the commonest typo ("reprot").
 */
export function editDistance(left: string, right: string): number {
  let previousRow: number[] = [];
  let row = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let leftIndex = 1; leftIndex <= left.length; leftIndex += 1) {
    const next = [leftIndex];
    for (let rightIndex = 1; rightIndex <= right.length; rightIndex += 1) {
      const cost = left[leftIndex - 1] === right[rightIndex - 1] ? 0 : 1;
      let distance = Math.min(row[rightIndex]! + 1, next[rightIndex - 1]! + 1, row[rightIndex - 1]! + cost);
      if (leftIndex > 1 && rightIndex > 1 && left[leftIndex - 1] === right[rightIndex - 2] && left[leftIndex - 2] === right[rightIndex - 1]) {
        distance = Math.min(distance, previousRow[rightIndex - 2]! + 1);
      }
      next.push(distance);
    }
    previousRow = row;
    row = next;
  }
  return row[right.length]!;
}
