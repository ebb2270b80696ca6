import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';

/** The first file of an SQLite store this process cannot create or write, and why. */
export interface SqliteWriteProblem {
  path: string;
  reason: string;
  /** What to do about it, in words. */
  fix: string;
}

/**
 * Which file stops this process from writing the SQLite store at `databasePath`: the folder (where
 * the database and its `-wal` and `-shm` files are created), the database file itself, or one of its
 * `-wal`/`-shm` files; null when all of them can be written. SQLite says only "unable to open" (14) or
 * "readonly" (8); this names the file. Permissions are as the operating system grants them to this
 * process (a process running as root may write what the modes forbid).
 */
export function findSqliteWriteProblem(databasePath: string): SqliteWriteProblem | null {
  const folder = dirname(databasePath);
  const name = basename(databasePath);
  const folderProblem = folderWriteProblem(folder, name);
  if (folderProblem !== null) return folderProblem;
  for (const path of [databasePath, `${databasePath}-wal`, `${databasePath}-shm`]) {
    if (!existsSync(path)) continue;
    if (!isWritable(path)) return { path, reason: `the file is not writable by this process (${describeMode(path)})`, fix: `Make ${path} writable for this user` };
  }
  return null;
}

function folderWriteProblem(folder: string, name: string): SqliteWriteProblem | null {
  const ancestor = nearestExisting(folder);
  if (ancestor !== folder) {
    if (!statSync(ancestor).isDirectory()) return { path: folder, reason: `the folder cannot be created: ${ancestor} is a file, not a folder`, fix: `Move ${ancestor} aside` };
    if (!isWritable(ancestor)) return { path: folder, reason: `the folder does not exist and cannot be created in ${ancestor} (${describeMode(ancestor)})`, fix: `Create ${folder} for this user` };
    return null;
  }
  if (!statSync(folder).isDirectory()) return { path: folder, reason: 'it is a file, not a folder', fix: `Move ${folder} aside` };
  if (!isWritable(folder)) {
    return {
      path: folder,
      reason: `the folder is not writable by this process (${describeMode(folder)}), so ${name}, ${name}-wal and ${name}-shm cannot be created or written there`,
      fix: `Make ${folder} writable for this user`,
    };
  }
  return null;
}

function nearestExisting(path: string): string {
  let current = path;
  while (!existsSync(current) && dirname(current) !== current) current = dirname(current);
  return current;
}

function isWritable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function describeMode(path: string): string {
  const stats = statSync(path);
  return `mode ${(stats.mode & 0o777).toString(8).padStart(3, '0')}, owner uid ${stats.uid}, this process uid ${process.getuid?.() ?? 'unknown'}`;
}
