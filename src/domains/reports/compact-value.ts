/** How a value too deep for its own section is written in one cell. */
const deepestLevel = 3;
const longestText = 300;
const mostItems = 10;

/**
 * A short one-line text for any JSON value: strings as they are, null as an em dash, arrays as
 * `[a, b]`, objects as `{key: value}`, nested at most three levels and cut at 300 characters.
 */
export function compactValue(value: unknown): string {
  return truncate(compact(value, deepestLevel, false));
}

/** A scalar as text (null as an em dash); anything else compacted. */
export function scalarText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return compactValue(value);
}

/** True for values that fit in one cell as they are (no object or array). */
export function isScalar(value: unknown): boolean {
  return value === null || (typeof value !== 'object' && typeof value !== 'function');
}

/** True for a plain JSON object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function compact(value: unknown, levelsLeft: number, nested: boolean): string {
  if (isScalar(value)) {
    const text = scalarText(value);
    return nested && typeof value === 'string' && (text === '' || /[,{}[\]:]/.test(text)) ? JSON.stringify(text) : text;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (levelsLeft === 0) return `[${value.length} item${value.length === 1 ? '' : 's'}]`;
    const shown = value.slice(0, mostItems).map((item) => compact(item, levelsLeft - 1, true));
    const more = value.length > mostItems ? `, … +${value.length - mostItems} more` : '';
    return `[${shown.join(', ')}${more}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  if (levelsLeft === 0) return `{${entries.length} field${entries.length === 1 ? '' : 's'}}`;
  const shown = entries.slice(0, mostItems).map(([key, item]) => `${key}: ${compact(item, levelsLeft - 1, true)}`);
  const more = entries.length > mostItems ? `, … +${entries.length - mostItems} more` : '';
  return `{${shown.join(', ')}${more}}`;
}

function truncate(text: string): string {
  return text.length <= longestText ? text : `${text.slice(0, longestText - 1)}…`;
}
