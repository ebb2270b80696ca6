import { readFileSync } from 'node:fs';

let version: string | undefined;

/**
 * The version of this Nova, from its package.json (two folders up from this module, both in `src/`
 * and in a build's output folder). Journalled with each run's owner, so a journal written by a newer
 * Nova can say which one wrote it.
 */
export function novaVersion(): string {
  if (version === undefined) {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    version = typeof manifest.version === 'string' ? manifest.version : 'unknown';
  }
  return version;
}
