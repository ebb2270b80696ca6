/**
 * The variable parts of a log message, in the order they are tried at each position (a timestamp
 * before the numbers in it, a UUID before the hex in it, a URL before the path in it).
 */
const variableParts: ReadonlyArray<readonly [token: string, pattern: string]> = [
  ['<TIME>', String.raw`\d{4}[-/]\d{2}[-/]\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?|\d{2}\/[A-Z][a-z]{2}\/\d{4}(?::\d{2}:\d{2}:\d{2})?(?: [+-]\d{4})?|(?<!\d)\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?(?!\d)`],
  ['<UUID>', String.raw`(?<![\w-])[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-])`],
  ['<URL>', String.raw`\b[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s"'<>)\]]+`],
  ['<EMAIL>', String.raw`(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+`],
  ['<IP>', String.raw`(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?(?![\w.])|(?<![\w:])(?:(?:[0-9a-fA-F]{1,4}:){5,7}[0-9a-fA-F]{1,4}|(?:[0-9a-fA-F]{1,4}:){1,6}:(?:[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4}){0,5})?|::[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4}){0,6})(?![\w:])`],
  ['<PATH>', String.raw`(?<![\w.~-])(?:~|\.{1,2})?(?:\/[\w.@%+=~-]+){2,}\/?|(?<![\w/])\/[\w@%+=~-]*\.[A-Za-z]\w*|\b[A-Za-z]:\\(?:[^\\\s:*?"<>|]+\\)*[^\\\s:*?"<>|]*`],
  ['"<STR>"', String.raw`"(?:[^"\\\n]|\\.){0,500}"`],
  ["'<STR>'", String.raw`(?<!\w)'(?:[^'\\\n]|\\.){0,500}'(?!\w)`],
  ['<HEX>', String.raw`\b0[xX][0-9a-fA-F]+\b|(?<![\w-])(?=[a-fA-F]*\d)[0-9a-fA-F]{8,}(?![\w-])`],
  ['<NUM>', String.raw`(?<![\w.])\d+(?:\.\d+)*`],
];

const combined = new RegExp(variableParts.map(([, pattern]) => `(${pattern})`).join('|'), 'g');
const tokens = variableParts.map(([token]) => token);

/**
 * Replaces the variable parts of a log message with placeholders, so that lines that differ only in
 * them read the same: timestamps `<TIME>`, UUIDs `<UUID>`, URLs `<URL>`, e-mail addresses `<EMAIL>`,
 * IPv4/IPv6 addresses (with a port) `<IP>`, file paths `<PATH>`, quoted values `"<STR>"`, hex numbers
 * and long hex ids `<HEX>`, and numbers `<NUM>` (also inside `250ms` or `id=42`). Words that merely
 * contain digits (`user42`, `req-8f3a`) are left to the template miner, which turns them into `<*>`
 * when they vary. One pass of one regular expression.
 */
export function maskVariables(message: string): string {
  return message.replace(combined, (...groups: unknown[]) => {
    for (let index = 0; index < tokens.length; index += 1) if (groups[index + 1] !== undefined) return tokens[index]!;
    return String(groups[0]);
  });
}
