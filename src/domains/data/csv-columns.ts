import { closestMatches } from '../../core/closest-matches.ts';
import { NovaError } from '../../core/errors.ts';

/** The position of a column by name, or an error that lists the file's columns and the closest names. */
export function columnIndex(name: string, columns: readonly string[], file: string, askedIn: string): number {
  const index = columns.indexOf(name);
  if (index !== -1) return index;
  throw unknownColumnError(name, columns, file, askedIn);
}

export function unknownColumnError(name: string, columns: readonly string[], file: string, askedIn: string): NovaError {
  const suggestions = closestMatches(name, columns);
  return new NovaError({
    code: 'input_invalid',
    fault: 'user',
    message: `${file} has no column "${name}" (in ${askedIn})${suggestions.length > 0 ? `; did you mean ${suggestions.map((entry) => `"${entry}"`).join(' or ')}?` : ''}`,
    hint: `Its columns are: ${columns.map((column) => JSON.stringify(column)).join(', ')}. Names are matched exactly (case and spaces count).`,
    details: { column: name, columns, askedIn },
  });
}
