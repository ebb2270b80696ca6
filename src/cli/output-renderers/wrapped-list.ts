/**
 * `label` followed by the items, comma-separated and wrapped at `width` columns, the lines after the
 * first indented under the first item.
 */
export function wrappedList(label: string, items: readonly string[], width = 100): string {
  const indent = ' '.repeat(label.length);
  const lines: string[] = [];
  let line = label;
  items.forEach((item, index) => {
    const piece = index === items.length - 1 ? item : `${item},`;
    const longer = index === 0 ? `${line}${piece}` : `${line} ${piece}`;
    if (index > 0 && longer.length > width) {
      lines.push(line);
      line = `${indent}${piece}`;
    } else {
      line = longer;
    }
  });
  lines.push(line);
  return `${lines.join('\n')}\n`;
}
