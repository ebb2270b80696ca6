/** Columns padded to their widest cell, two spaces apart; the header first. `alignRight` holds the columns of numbers. */
export function table(header: string[], rows: string[][], options: { alignRight?: readonly number[] } = {}): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const right = new Set(options.alignRight ?? []);
  const line = (cells: string[]) => cells.map((cell, column) => (right.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ').trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

/** The text cut to `length` characters, with an ellipsis when cut. */
export function clip(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}
