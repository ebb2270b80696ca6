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

/**
 * The secret parts of a URL, for the redactor: its password, and a user name standing alone in an
 * http(s) URL (a token, as in https://token@host). A user name of another scheme is a user, not a
 * secret (postgres://postgres@host). None for text that is not a URL with credentials.
 */
export function urlSecrets(url: string): string[] {
  if (!URL.canParse(url)) return [];
  const parsed = new URL(url);
  const secrets: string[] = [];
  const add = (encoded: string) => secrets.push(encoded, safelyDecoded(encoded));
  if (parsed.password !== '') add(parsed.password);
  else if (parsed.username !== '' && (parsed.protocol === 'http:' || parsed.protocol === 'https:')) add(parsed.username);
  return [...new Set(secrets)];
}

function safelyDecoded(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch (error) {
    // A stray "%" that is not an escape: the text as written is the secret.
    if (error instanceof URIError) return encoded;
    throw error;
  }
}
