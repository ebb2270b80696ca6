import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { RunOwner } from '../core/run.ts';
import { novaVersion } from '../core/nova-version.ts';

export const thisHost = hostname();

/** The owner record for runs executed by this process. */
export function currentOwner(): RunOwner {
  return { host: thisHost, pid: process.pid, novaVersion: novaVersion() };
}

/**
 * Whether the process that owns an unfinished run is still alive. On this host the pid is asked
 * directly, so a killed process is seen at once; on another host only the lease can tell, so the owner
 * counts as dead once its lease has expired.
 */
export function isOwnerAlive(owner: RunOwner | null, leaseExpiresAt: string | null, now: Date): boolean {
  if (owner === null) return true;
  if (owner.host === thisHost) return isProcessAlive(owner.pid);
  if (leaseExpiresAt === null) return true;
  return Date.parse(leaseExpiresAt) > now.getTime();
}

function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

/** A killed process that its parent has not reaped yet still answers signal 0; on Linux /proc says Z. */
function isZombie(pid: number): boolean {
  if (process.platform !== 'linux') return false;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (error) {
    // Gone between the two checks: dead. Anything else: we cannot tell, so not a zombie.
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
  // The state follows the command name, which is in parentheses and may itself contain ") ".
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
}
