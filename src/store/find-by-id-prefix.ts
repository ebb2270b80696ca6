import type { ErrorCode } from '../core/errors.ts';
import { NovaError } from '../core/errors.ts';

/** How a repository finds one of its rows by the id, or a prefix of it, that a user typed. */
export interface IdPrefixLookup<Row extends { id: string }> {
  idOrPrefix: string;
  /** What every id of the kind starts with ("run_"): users may leave it out. */
  idStart: string;
  /** "run", "session": for the messages. */
  noun: string;
  code: ErrorCode;
  /** The command that lists them, for the hint. */
  listCommand: string;
  exact(id: string): Promise<Row | undefined>;
  /** Rows whose id starts with `prefix`, the most recent first, at most `limit`. */
  startingWith(prefix: string, limit: number): Promise<Row[]>;
}

/**
 * The row with this id, or the only one whose id starts with it (the kind's own start may be left out:
 * "01hx" finds "run_01hx..."). None, or several, is a NovaError with `code` naming up to five matches.
 */
export async function findByIdOrPrefix<Row extends { id: string }>(lookup: IdPrefixLookup<Row>): Promise<Row> {
  const text = lookup.idOrPrefix.trim().toLowerCase();
  const exact = await lookup.exact(text);
  if (exact !== undefined) return exact;
  const prefix = text.startsWith(lookup.idStart) ? text : `${lookup.idStart}${text}`;
  const rows = await lookup.startingWith(prefix, 6);
  if (rows.length === 1) return rows[0]!;
  const shown = rows.slice(0, 5).map((row) => row.id);
  throw new NovaError({
    code: lookup.code,
    fault: 'user',
    message: rows.length === 0 ? `No ${lookup.noun} with id or prefix "${lookup.idOrPrefix}"` : `"${lookup.idOrPrefix}" matches ${rows.length > 5 ? 'more than 5' : rows.length} ${lookup.noun}s: ${shown.join(', ')}`,
    hint: rows.length === 0 ? `List ${lookup.noun}s with \`${lookup.listCommand}\`.` : 'Type more characters of the id.',
    details: { matches: shown },
  });
}
