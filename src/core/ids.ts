import { randomFillSync } from 'node:crypto';

// Crockford base32: no I, L, O or U, so ids read aloud and typed by hand survive.
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A sortable unique id (ULID layout: 48 bits of milliseconds, then 80 random bits), lower-cased and
 * prefixed by its kind, e.g. `run_01jd7k3...`. Ids sort by creation time, so `runs list` and prefixes
 * typed by a user stay meaningful.
 */
export function newId(prefix: string, now: number = Date.now()): string {
  let time = '';
  let remaining = now;
  for (let index = 0; index < 10; index += 1) {
    time = alphabet[remaining % 32] + time;
    remaining = Math.floor(remaining / 32);
  }
  let tail = '';
  for (let index = 0; index < 16; index += 1) tail += alphabet[nextRandomByte() % 32];
  return `${prefix}_${(time + tail).toLowerCase()}`;
}

export function newRunId(now?: number): string {
  return newId('run', now);
}

// Random bytes are drawn 4 KiB at a time: one system call per 256 ids instead of one per id.
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function nextRandomByte(): number {
  if (poolOffset === pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  return pool[poolOffset++]!;
}
