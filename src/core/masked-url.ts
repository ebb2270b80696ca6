/**
 * A URL fit for messages, logs and `nova doctor`: its password is masked, and a user name standing
 * alone (often a token, as in https://token@host) is masked too; a user name next to a password (a
 * database user) is kept. URLs without credentials come back unchanged.
 */
export function maskedUrl(url: string): string {
  if (!URL.canParse(url)) return url.replace(/\/\/([^:/@\s]+):[^@\s]*@/, '//$1:***@').replace(/\/\/[^:/@\s]+@/, '//***@');
  const parsed = new URL(url);
  if (parsed.password === '' && parsed.username === '') return url;
  if (parsed.password !== '') parsed.password = '***';
  else parsed.username = '***';
  const masked = parsed.toString();
  // URL adds a "/" to a bare host; keep the text as it was written.
  return masked.endsWith('/') && !url.endsWith('/') ? masked.slice(0, -1) : masked;
}
