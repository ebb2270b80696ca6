import { NovaError } from '../../core/errors.ts';

/** The delimiters Nova recognises when none is given. */
const candidateDelimiters = [',', ';', '\t', '|'] as const;

const delimiterNames: Readonly<Record<string, string>> = { tab: '\t', '\\t': '\t', comma: ',', semicolon: ';', pipe: '|' };

/**
 * The delimiter the user asked for: one character, or a name (`tab`, `comma`, `semicolon`, `pipe`,
 * or the two characters `\t`). Undefined when not given.
 */
export function parseDelimiter(delimiter: string | undefined): string | undefined {
  if (delimiter === undefined) return undefined;
  const named = delimiterNames[delimiter.toLowerCase()];
  if (named !== undefined) return named;
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new NovaError({
      code: 'input_invalid',
      fault: 'user',
      message: `delimiter must be one character (or tab, comma, semicolon, pipe), got ${JSON.stringify(delimiter)}`,
      hint: 'For example "delimiter": ";" or "delimiter": "tab".',
      details: { delimiter },
    });
  }
  return delimiter;
}

/**
 * Guesses the delimiter from the header line: the candidate (`,` `;` tab `|`) that occurs most often
 * outside quotes; a tie or no candidate at all means a comma. A `.tsv` file is tab-separated.
 */
export function detectDelimiter(firstLine: string, path: string): string {
  if (/\.tsv(\.gz)?$/i.test(path)) return '\t';
  const counts = new Map<string, number>();
  let quoted = false;
  for (const character of firstLine) {
    if (character === '"') quoted = !quoted;
    else if (!quoted && (candidateDelimiters as readonly string[]).includes(character)) counts.set(character, (counts.get(character) ?? 0) + 1);
  }
  let best = ',';
  let bestCount = counts.get(',') ?? 0;
  for (const candidate of candidateDelimiters) {
    const count = counts.get(candidate) ?? 0;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/** A header problem: the column is still usable under the name Nova gave it. */
export interface HeaderProblem {
  /** 1-based position of the column. */
  position: number;
  name: string;
  rule: 'empty_column_name' | 'duplicate_column_name';
  message: string;
}

/**
 * Column names from a header record. Names are trimmed; an empty name becomes `column_<n>` and a
 * repeated one `<name>_<n>` (n its position), so that every column can still be addressed; each such
 * rename is reported.
 */
export function headerNames(fields: readonly string[]): { names: string[]; problems: HeaderProblem[] } {
  const names: string[] = [];
  const problems: HeaderProblem[] = [];
  const seen = new Set<string>();
  fields.forEach((field, index) => {
    const position = index + 1;
    let name = field.trim();
    if (name === '') {
      name = `column_${position}`;
      problems.push({ position, name, rule: 'empty_column_name', message: `column ${position} has no name in the header; it is called "${name}"` });
    } else if (seen.has(name)) {
      const renamed = `${name}_${position}`;
      problems.push({ position, name: renamed, rule: 'duplicate_column_name', message: `column ${position} repeats the name "${name}"; it is called "${renamed}"` });
      name = renamed;
    }
    seen.add(name);
    names.push(name);
  });
  return { names, problems };
}
