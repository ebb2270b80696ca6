import { urlSecrets } from '../core/masked-url.ts';
import { SecretRedactor } from '../core/secret-redactor.ts';
import type { Environment } from './nova-home.ts';

/**
 * Words that make an environment variable a secret: the providers' `*_API_KEY`, `NOVA_TOKEN` (the
 * server's bearer token), and the usual `*_SECRET`, `*_PASSWORD` of anything Nova runs beside.
 */
const secretWords = new Set(['KEY', 'APIKEY', 'TOKEN', 'SECRET', 'PASSWORD', 'PASSWD', 'PASSPHRASE', 'CREDENTIAL', 'CREDENTIALS']);
/** Variables that name where a secret is, not the secret (`GOOGLE_KEY_FILE`). */
const locationWords = new Set(['FILE', 'PATH', 'DIR']);

/**
 * The values of the configured secrets: environment variables named like keys, tokens and passwords,
 * the password (or lone token) of every URL in the environment (`NOVA_DATABASE_URL`, a provider base
 * URL with a token), and in config.yaml the values of secret-named keys (`apiKey`, `token`,
 * `smtpPassword`) and the passwords of URLs.
 */
export function configuredSecretValues(options: { env: Environment; config?: unknown }): string[] {
  const secrets: string[] = [];
  for (const [name, value] of Object.entries(options.env)) {
    if (value === undefined || value.trim() === '') continue;
    if (isSecretName(name)) secrets.push(value);
    secrets.push(...urlSecrets(value.trim()));
  }
  if (options.config !== undefined) collectConfigSecrets(options.config, undefined, secrets);
  return secrets;
}

/** Nova's redactor for this environment and config (see `SecretRedactor`). */
export function configuredSecrets(options: { env: Environment; config?: unknown }): SecretRedactor {
  return new SecretRedactor(configuredSecretValues(options));
}

/** Whether a variable or config key names a secret: `OPENAI_API_KEY`, `NOVA_TOKEN`, `smtpPassword`; not `GOOGLE_KEY_FILE`. */
export function isSecretName(name: string): boolean {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase().split(/[^A-Z0-9]+/);
  return words.some((word) => secretWords.has(word)) && !words.some((word) => locationWords.has(word));
}

function collectConfigSecrets(value: unknown, key: string | undefined, secrets: string[]): void {
  if (typeof value === 'string') {
    if (key !== undefined && isSecretName(key)) secrets.push(value);
    secrets.push(...urlSecrets(value.trim()));
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) collectConfigSecrets(item, key, secrets);
    return;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [childKey, child] of Object.entries(value)) collectConfigSecrets(child, childKey, secrets);
  }
}
