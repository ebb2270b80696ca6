import { closestMatches } from '../../core/closest-matches.ts';
import { NovaError } from '../../core/errors.ts';

/**
 * Finds the id the user meant among known ids: exactly, then ignoring case, then by its number
 * ("2231" and "po 2231" find "PO-2231"). Null when nothing matches; several when the number is shared.
 */
export function matchIds(wanted: string, ids: readonly string[]): string[] {
  const trimmed = wanted.trim();
  if (ids.includes(trimmed)) return [trimmed];
  const lower = trimmed.toLowerCase();
  const ignoringCase = ids.filter((id) => id.toLowerCase() === lower);
  if (ignoringCase.length > 0) return ignoringCase;
  const number = /(\d+)\s*$/.exec(trimmed)?.[1];
  if (number === undefined) return [];
  const value = Number(number);
  return ids.filter((id) => {
    const idNumber = /(\d+)$/.exec(id)?.[1];
    return idNumber !== undefined && Number(idNumber) === value;
  });
}

/** Parties (customers, suppliers) whose id is the text, or whose name contains it, ignoring case. */
export function matchParties<Party extends { id: string; name: string }>(wanted: string, parties: readonly Party[]): Party[] {
  const lower = wanted.trim().toLowerCase();
  const byId = parties.filter((party) => party.id.toLowerCase() === lower);
  if (byId.length > 0) return byId;
  return parties.filter((party) => party.name.toLowerCase().includes(lower));
}

/** `input_invalid` for an id or name that matches nothing, with the closest known ones. */
export function notFound(what: string, wanted: string, known: readonly string[]): NovaError {
  const closest = closestMatches(wanted, known);
  return new NovaError({
    code: 'input_invalid',
    fault: 'user',
    message: `No ${what} "${wanted}" in the ERP store${closest.length > 0 ? ` (did you mean ${closest.map((id) => `"${id}"`).join(', ')}?)` : ''}`,
    hint: known.length === 0 ? 'The ERP store is empty: run `nova erp import --dir DIR` or `nova erp demo`.' : `Use one of the ${what} ids or names in the store.`,
    details: { closest },
  });
}

/** The words of a request that look like ids: letters, digits, dashes, slashes (e.g. PO-1042, INV/889). */
export function idLikeWords(text: string): string[] {
  return [...text.matchAll(/[A-Za-z0-9][A-Za-z0-9\-_/.]*[A-Za-z0-9]|\d/g)].map((match) => match[0]).filter((word) => /\d/.test(word));
}

/** Runs `query` on slices of `values`, so that IN lists stay far below the databases' parameter limits. */
export async function inChunks<Value, Row>(values: readonly Value[], query: (chunk: Value[]) => Promise<Row[]>, size = 500): Promise<Row[]> {
  const rows: Row[] = [];
  for (let start = 0; start < values.length; start += size) rows.push(...(await query(values.slice(start, start + size))));
  return rows;
}
