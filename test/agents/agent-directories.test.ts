import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadAgentRegistry } from '../../src/agents/agent-registry.ts';
import { runCli } from '../support/cli.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';

/** A configured agent folder that is not there is a warning at the config line that names it. */
describe('agents.directories', () => {
  let home: { path: string; remove: () => void };
  let configFile: string;
  beforeEach(() => {
    home = temporaryDirectory();
    configFile = join(home.path, 'config.yaml');
    mkdirSync(join(home.path, 'mine'));
    writeFileSync(join(home.path, 'not-a-folder'), 'x');
    writeFileSync(configFile, 'agents:\n  directories:\n    - mine\n    - misssing\n    - not-a-folder\n');
  });
  afterEach(() => home.remove());

  it('warns about each configured folder that is missing or not a folder, naming the config line and the path', async () => {
    const registry = await loadAgentRegistry({
      directories: [
        { path: join(home.path, 'mine'), origin: 'user', declaredAt: { file: configFile, line: 3, column: 7, path: 'agents.directories.0' } },
        { path: join(home.path, 'misssing'), origin: 'user', declaredAt: { file: configFile, line: 4, column: 7, path: 'agents.directories.1' } },
        { path: join(home.path, 'not-a-folder'), origin: 'user', declaredAt: { file: configFile, line: 5, column: 7, path: 'agents.directories.2' } },
        // $NOVA_HOME/agents is not configured: its absence is normal and says nothing.
        { path: join(home.path, 'agents'), origin: 'user' },
      ],
    });
    expect(registry.issues).toEqual([
      { file: configFile, line: 4, column: 7, path: 'agents.directories.1', severity: 'warning', agentId: null, message: `agent folder ${join(home.path, 'misssing')} does not exist: create it, or correct or remove this entry of agents.directories` },
      { file: configFile, line: 5, column: 7, path: 'agents.directories.2', severity: 'warning', agentId: null, message: `agent folder ${join(home.path, 'not-a-folder')} is not a folder: create it, or correct or remove this entry of agents.directories` },
    ]);
  });

  it('is shown by nova agents list (stderr), nova agents lint and nova doctor, none of which fails on it', async () => {
    const env = { NOVA_HOME: home.path };
    const warning = `${configFile}:4:7 agents.directories.1: agent folder ${join(home.path, 'misssing')} does not exist`;
    const list = await runCli(['agents', 'list', '--json'], env);
    expect(list.exitCode).toBe(0);
    expect(list.stderr).toContain(`warning: ${warning}`);
    const lint = await runCli(['agents', 'lint'], env);
    expect(lint.exitCode).toBe(0);
    expect(lint.stdout).toContain(`${configFile}:4:7 warning agents.directories.1: agent folder ${join(home.path, 'misssing')} does not exist`);
    const doctor = await runCli(['doctor'], env);
    expect(doctor.stdout).toContain(`warning ${warning}`);
  });
});
