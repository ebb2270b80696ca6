import { spawnSync } from 'node:child_process';
import { chmodSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { latestSchemaVersion } from '../../src/store/migrations.ts';
import { openStore } from '../../src/store/store.ts';
import { parseJsonOutput, runCli, type CliResult } from '../support/cli.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';

const novaBin = fileURLToPath(new URL('../../bin/nova.js', import.meta.url));

interface StoreCheck {
  schemaVersion: number | null;
  access: string | null;
  problem: { code: string; message: string; hint: string; fault: string; severity: string } | null;
}

describe('nova doctor and the store', () => {
  let home: { path: string; remove: () => void };
  beforeEach(() => {
    home = temporaryDirectory();
  });
  afterEach(() => {
    chmodSync(home.path, 0o700);
    home.remove();
  });

  it('runs on a corrupt store and reports it as a check: move it aside or restore it, naming the file', async () => {
    const database = join(home.path, 'nova.db');
    writeFileSync(database, Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 37 + 11) % 256)));
    const result = await runCli(['doctor', '--json'], { NOVA_HOME: home.path });
    expect(result.exitCode).toBe(1);
    const report = parseJsonOutput(result);
    const store = report['store'] as StoreCheck;
    expect(store).toMatchObject({ dialect: 'sqlite', location: database, schemaVersion: null, access: null, problem: { code: 'store_error', severity: 'error' } });
    expect(store.problem?.message).toContain(`${database} is corrupt or not an SQLite database`);
    expect(store.problem?.hint).toContain(`mv ${database} ${database}.corrupt`);
    expect(store.problem?.hint).toContain('restore it from a backup');
    // The other checks still ran.
    expect((report['agents'] as { count: number }).count).toBeGreaterThan(20);

    const human = await runCli(['doctor'], { NOVA_HOME: home.path });
    expect(human.exitCode).toBe(1);
    expect(human.stdout).toMatch(/store\s+sqlite · .*nova\.db · cannot be opened/);
    expect(human.stdout).toContain(`hint: Move it aside to start with a new, empty store (\`mv ${database} ${database}.corrupt\``);
    expect(human.stdout).toMatch(/agents\s+\d+/);

    // Any other command says the same, and that is where doctor's advice came from.
    const listed = await runCli(['runs', 'list'], { NOVA_HOME: home.path });
    expect(listed.exitCode).toBe(1);
    expect(listed.stderr).toContain('is corrupt or not an SQLite database');
    expect(listed.stderr).toContain('restore it from a backup');
  });

  it('names the file in the way when NOVA_HOME lies under a file (the folder cannot be created)', async () => {
    // A path under a file cannot be created by anyone, root included: this case needs no permissions.
    const blocker = join(home.path, 'not-a-folder');
    writeFileSync(blocker, 'a file\n');
    const env = { NOVA_HOME: join(blocker, 'home') };
    const listed = await runCli(['runs', 'list', '--json'], env);
    expect(listed.exitCode).toBe(2);
    expect(parseJsonOutput(listed)['error']).toMatchObject({ code: 'store_error', fault: 'user', message: expect.stringContaining(`${blocker} is a file, not a folder`), hint: expect.stringContaining(`Move ${blocker} aside`) });
    expect(listed.stdout).not.toContain('ConnectionFailed');
    const doctor = await runCli(['doctor', '--json'], env);
    expect(doctor.exitCode).toBe(1);
    expect((parseJsonOutput(doctor)['store'] as StoreCheck).problem).toMatchObject({ code: 'store_error', message: expect.stringContaining(`${blocker} is a file, not a folder`) });
  });

  it('a store it cannot write: writers are told which path and why, readers open it read-only and work', async () => {
    const database = join(home.path, 'nova.db');
    // In a process of its own, which removes the -wal and -shm files as it exits: the folder then holds
    // nova.db alone, and a reader there can create neither (SQLite's hardest read-only case).
    const made = spawnSync(process.execPath, [novaBin, 'run', 'language-detector', 'the quick brown fox jumps over the lazy dog', '--json'], { env: { ...process.env, NOVA_HOME: home.path }, timeout: 120_000 });
    const runId = String((JSON.parse(made.stdout.toString()) as { runId: string }).runId);
    expect(readdirSync(home.path)).toEqual(['nova.db']);
    chmodSync(home.path, 0o555);

    const cli = cliThatTheFolderStops(home.path);
    if (cli === undefined) {
      // Only as root with no way to change user (no CAP_SETUID): root writes through mode 555.
      console.warn('skipped the read-only folder check: running as root and cannot run as another user');
      return;
    }
    const run = await cli(['run', 'language-detector', 'hello there my friend', '--json']);
    expect(run.exitCode).toBe(2);
    const refused = parseJsonOutput(run)['error'] as { code: string; message: string; hint: string };
    expect(refused.code).toBe('store_error');
    expect(refused.message).toContain(`${home.path}: the folder is not writable by this process (mode 555`);
    expect(refused.message).toContain('nova.db, nova.db-wal and nova.db-shm cannot be created or written there');
    expect(refused.hint).toContain(`Make ${home.path} writable for this user`);
    expect(`${run.stdout}${run.stderr}`).not.toContain('ConnectionFailed');

    const listed = await cli(['runs', 'list', '--json']);
    expect(listed.exitCode).toBe(0);
    expect((parseJsonOutput(listed)['runs'] as Array<{ id: string }>).map((entry) => entry.id)).toEqual([runId]);
    const shown = await cli(['runs', 'show', runId, '--json']);
    expect(shown.exitCode).toBe(0);
    expect((parseJsonOutput(shown)['run'] as { status: string }).status).toBe('succeeded');
    expect((await cli(['agents', 'list', '--json'])).exitCode).toBe(0);

    const doctor = await cli(['doctor', '--json']);
    expect(doctor.exitCode).toBe(1);
    const store = parseJsonOutput(doctor)['store'] as StoreCheck;
    expect(store).toMatchObject({ schemaVersion: latestSchemaVersion, access: 'read-only', problem: { code: 'store_error', severity: 'error' } });
    expect(store.problem?.message).toContain(`${home.path}: the folder is not writable`);

    // With the -wal and -shm files a crashed (or still running) writer leaves, readers work too.
    chmodSync(home.path, 0o755);
    await (await openStore({ dialect: 'sqlite', path: database })).close();
    expect(readdirSync(home.path).sort()).toEqual(['nova.db', 'nova.db-shm', 'nova.db-wal']);
    chmodSync(home.path, 0o555);
    const again = await cli(['runs', 'list', '--json']);
    expect(again.exitCode).toBe(0);
    expect((parseJsonOutput(again)['runs'] as Array<{ id: string }>).map((entry) => entry.id)).toEqual([runId]);
    // Each command as another user is a process of its own (a few seconds each on a loaded machine).
  }, 180_000);

  it('a reader gets the writer\'s error when there is no store to read and none can be created', async () => {
    writeFileSync(join(home.path, 'blocker'), '');
    await expect(openStore({ dialect: 'sqlite', path: join(home.path, 'blocker', 'nova.db'), access: 'read' })).rejects.toMatchObject({ code: 'store_error', message: expect.stringContaining('is a file, not a folder') });
  });
});

/**
 * Runs the CLI where the folder's mode 555 is enforced: in this process when it is not root; as root,
 * in a child process as the user `nobody` (uid 65534), since root writes through any mode. Undefined
 * when neither is possible.
 */
function cliThatTheFolderStops(homePath: string): ((argv: string[]) => Promise<CliResult>) | undefined {
  if (process.getuid?.() !== 0) return (argv) => runCli(argv, { NOVA_HOME: homePath });
  const probe = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.getuid()))'], { uid: 65534, gid: 65534 });
  if (probe.error !== undefined || probe.stdout.toString() !== '65534') return undefined;
  return (argv) => {
    const child = spawnSync(process.execPath, [novaBin, ...argv], { uid: 65534, gid: 65534, env: { PATH: process.env['PATH'] ?? '', HOME: homePath, NOVA_HOME: homePath }, timeout: 120_000 });
    return Promise.resolve({ exitCode: child.status ?? -1, stdout: child.stdout.toString(), stderr: child.stderr.toString() });
  };
}
