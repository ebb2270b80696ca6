import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, storeLocation } from '../../src/config/load-config.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';

describe('loadConfig', () => {
  const directory = temporaryDirectory();
  afterEach(() => directory.remove());

  it('runs on defaults without a config file', () => {
    const home = temporaryDirectory();
    expect(loadConfig(home.path)).toEqual({ config: { models: { aliases: {} }, agents: { directories: [] }, tools: { directories: [] }, files: { roots: [] }, router: {} }, file: null, agentDirectoryLocations: [], toolDirectoryLocations: [] });
    home.remove();
  });

  it('reads models and agent folders', () => {
    const home = temporaryDirectory();
    writeFileSync(join(home.path, 'config.yaml'), 'models:\n  default: fast\n  aliases:\n    fast: openai:gpt-4o-mini\nagents:\n  directories: [mine, ../theirs]\n');
    const { config, agentDirectoryLocations } = loadConfig(home.path);
    expect(config.models).toEqual({ default: 'fast', aliases: { fast: 'openai:gpt-4o-mini' } });
    expect(config.agents.directories).toEqual([join(home.path, 'mine'), join(home.path, '../theirs')]);
    // Where each folder is named, for a warning when it is missing.
    const file = join(home.path, 'config.yaml');
    expect(agentDirectoryLocations).toEqual([
      { file, line: 6, column: 17, path: 'agents.directories.0' },
      { file, line: 6, column: 23, path: 'agents.directories.1' },
    ]);
    home.remove();
  });

  it('fails at load with file, line and field', () => {
    const home = temporaryDirectory();
    const file = join(home.path, 'config.yaml');
    writeFileSync(file, 'models:\n  default: openai:gpt-4o\n  aliasses:\n    fast: x\n');
    expect(() => loadConfig(home.path)).toThrow(
      expect.objectContaining({ code: 'config_invalid', fault: 'user', message: expect.stringContaining(`${file}:3:3 models.aliasses: unknown field "aliasses" (did you mean "aliases"?)`) }),
    );
    writeFileSync(file, 'models:\n  aliases:\n    fast: 42\n');
    expect(() => loadConfig(home.path)).toThrow(expect.objectContaining({ message: expect.stringContaining(`${file}:3:11 models.aliases.fast`) }));
    home.remove();
  });

  it('reports each unknown field at its own line and column, nested or not, with the closest known field', () => {
    const home = temporaryDirectory();
    const file = join(home.path, 'config.yaml');
    writeFileSync(file, 'models:\n  default: openai:gpt-4o\n  aliases:\n    fast: openai:gpt-4o-mini\n  defualt: x\nrouter:\n  judge: { model: fast, temprature: 0 }\nagent:\n  directories: []\n');
    let message = '';
    try {
      loadConfig(home.path);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n').slice(1)).toEqual([
      `${file}:5:3 models.defualt: unknown field "defualt" (did you mean "default"?)`,
      `${file}:7:25 router.judge.temprature: unknown field "temprature"`,
      `${file}:8:1 agent: unknown field "agent" (did you mean "agents"?)`,
    ]);
    home.remove();
  });
});

describe('storeLocation', () => {
  it('is SQLite under NOVA_HOME by default and PostgreSQL with NOVA_DATABASE_URL', () => {
    expect(storeLocation('/home/me/.nova', {})).toEqual({ dialect: 'sqlite', path: '/home/me/.nova/nova.db' });
    expect(storeLocation('/x', { NOVA_DATABASE_URL: 'postgres://u@h/db' })).toEqual({ dialect: 'postgres', url: 'postgres://u@h/db' });
    expect(() => storeLocation('/x', { NOVA_DATABASE_URL: 'mysql://h/db' })).toThrow(expect.objectContaining({ code: 'config_invalid' }));
  });
});
