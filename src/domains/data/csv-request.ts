import type { Aggregation } from './aggregates.ts';
import { dateBuckets } from './group-key.ts';

/** What a request in words asks of a CSV, read against its header: a group-by and its measures. */
export interface CsvRequest {
  groupBy?: string[];
  measures?: Array<{ column?: string; agg: Aggregation }>;
}

/** The request as read, and what in it could not be tied to a column (to be said, not dropped quietly). */
export interface CsvRequestReading {
  spec: CsvRequest;
  unread: string[];
}

const aggregationWords: Array<[RegExp, Aggregation]> = [
  [/^(average|avg|mean)$/, 'mean'],
  [/^(sum|total|totals)$/, 'sum'],
  [/^(count|number|how)$/, 'count'],
  [/^(min|minimum|lowest|smallest)$/, 'min'],
  [/^(max|maximum|highest|largest|biggest)$/, 'max'],
  [/^median$/, 'median'],
  [/^(distinct|unique)$/, 'distinct'],
];

/**
 * Reads a group-by and its measures from a request in words, against the CSV's column names:
 * "average order value by month in sales.csv" gives `groupBy: ["order_date:month"]` and
 * `measures: [{agg: "mean", column: "order_value"}]` when those columns exist. Column names match
 * case-insensitively, with spaces for underscores and a plural "s"; a date bucket ("by month") needs a
 * column whose name says it is a date. Only what it can tie to a column is taken, never a guess at a
 * column: the rest is listed in `unread` ("average" with no column after it, "by country").
 */
export function readCsvRequest(request: string, columns: readonly string[]): CsvRequestReading {
  const unread: string[] = [];
  const words = request.toLowerCase().split(/[^\p{L}\p{N}_]+/u).filter((word) => word !== '');
  const byAt = words.findIndex((word, index) => (word === 'by' || word === 'per') && index > 0);
  const measurePart = byAt === -1 ? words : words.slice(0, byAt);
  const groupPart = byAt === -1 ? [] : words.slice(byAt + 1);

  const measures: Array<{ column?: string; agg: Aggregation }> = [];
  measurePart.forEach((word, index) => {
    const agg = aggregationWords.find(([pattern]) => pattern.test(word))?.[1];
    if (agg === undefined) return;
    // "max and min of order value": aggregates joined by "and" share the column after the last one.
    let after = index + 1;
    while (measurePart[after] === 'and' && aggregationWords.some(([pattern]) => pattern.test(measurePart[after + 1] ?? ''))) after += 2;
    const column = columnAt(measurePart, after, columns);
    if (column !== undefined) measures.push({ agg, column: column.name });
    else if (agg === 'count') measures.push({ agg });
    else unread.push(`"${[word, ...measurePart.slice(after, after + 2)].join(' ')}" (no column named after it)`);
  });

  const groupBy: string[] = [];
  for (let index = 0; index < groupPart.length && groupBy.length < 2; index += 1) {
    const word = groupPart[index]!;
    if (word === 'and' || word === 'the' || word === 'each') continue;
    const bucket = bucketWords.get(word);
    const dateColumn = columns.find((name) => /date|time|_at$|^day$|period/i.test(name));
    if (bucket !== undefined && dateColumn !== undefined) {
      groupBy.push(`${dateColumn}:${bucket}`);
      continue;
    }
    const column = columnAt(groupPart, index, columns);
    if (column === undefined) {
      if (groupBy.length === 0) unread.push(`"${words[byAt]} ${word}" (${bucket === undefined ? 'no column of that name' : 'no column named like a date'})`);
      break;
    }
    groupBy.push(column.name);
    index += column.words - 1;
  }
  return { spec: { ...(groupBy.length === 0 ? {} : { groupBy }), ...(measures.length === 0 ? {} : { measures }) }, unread };
}

/** "month", "monthly", "months" -> month; "daily" -> day. */
const bucketWords = new Map<string, string>(dateBuckets.flatMap((bucket) => [[bucket, bucket], [`${bucket}s`, bucket], [bucket === 'day' ? 'daily' : `${bucket}ly`, bucket]]));

/** The column named by the words from `start` (up to three words: "order value" for order_value), skipping "of" and "the". */
function columnAt(words: readonly string[], start: number, columns: readonly string[]): { name: string; words: number } | undefined {
  let at = start;
  while (words[at] === 'of' || words[at] === 'the') at += 1;
  for (let length = 3; length >= 1; length -= 1) {
    const phrase = words.slice(at, at + length);
    if (phrase.length < length) continue;
    const joined = phrase.join('_');
    const found = columns.find((name) => {
      const normal = name.toLowerCase().replace(/[\s-]+/g, '_');
      return normal === joined || normal === joined.replace(/s$/, '') || normal === joined.replace(/ies$/, 'y');
    });
    if (found !== undefined) return { name: found, words: at - start + length };
  }
  return undefined;
}
