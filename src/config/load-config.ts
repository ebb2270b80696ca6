import { existsSync } from 'node:fs';
import { readUtf8TextFile } from '../core/utf8-text.ts';
import { dirname, resolve } from 'node:path';
import { NovaError } from '../core/errors.ts';
import { configSchema, type NovaConfig } from './config-schema.ts';
import { configPath, type Environment } from './nova-home.ts';
import { formatFileIssues, parseYamlWithSchema, yamlLocator, type FileLocation } from '../core/yaml-document.ts';

export interface LoadedConfig {
  config: NovaConfig;
  /** The file it came from, or null when there is none (all defaults). */
  file: string | null;
  /** Where the file names each of `config.agents.directories` (same order), for problems with a folder. */
  agentDirectoryLocations: FileLocation[];
  /** The same for `config.tools.directories`. */
  toolDirectoryLocations: FileLocation[];
}

/**
 * Reads `$NOVA_HOME/config.yaml` if it exists. A broken file fails here, at start, with each issue's
 * file, line and field, never later at the first run that needs the setting.
 */
export function loadConfig(home: string): LoadedConfig {
  const file = configPath(home);
  if (!existsSync(file)) return { config: configSchema.parse({}), file: null, agentDirectoryLocations: [], toolDirectoryLocations: [] };
  const text = readUtf8TextFile(file, { label: 'config file', code: 'config_invalid' });
  const result = parseYamlWithSchema({ text, file, schema: configSchema });
  if (!result.ok) {
    throw new NovaError({
      code: 'config_invalid',
      fault: 'user',
      message: `Invalid configuration:\n${formatFileIssues(result.issues)}`,
      hint: `Fix ${file} (or move it away to run on defaults).`,
      details: { issues: result.issues },
    });
  }
  const config = result.value;
  config.agents.directories = config.agents.directories.map((directory) => resolve(dirname(file), directory));
  config.tools.directories = config.tools.directories.map((directory) => resolve(dirname(file), directory));
  config.files.roots = config.files.roots.map((root) => resolve(dirname(file), root));
  const locator = yamlLocator(text);
  const locations = (section: 'agents' | 'tools') =>
    config[section].directories.map((_, index) => {
      const path = [section, 'directories', index];
      return { file, ...locator.at(path), path: path.join('.') };
    });
  return { config, file, agentDirectoryLocations: locations('agents'), toolDirectoryLocations: locations('tools') };
}

/** Where the store lives: PostgreSQL when NOVA_DATABASE_URL is set, else SQLite at `$NOVA_HOME/nova.db`. */
export function storeLocation(
  home: string,
  env: Environment,
): { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; url: string } {
  const url = env['NOVA_DATABASE_URL'];
  if (url !== undefined && url.trim() !== '') {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new NovaError({
        code: 'config_invalid',
        fault: 'user',
        message: 'NOVA_DATABASE_URL must be a PostgreSQL URL (postgres://user@host:5432/database)',
        hint: 'Unset NOVA_DATABASE_URL to use the embedded SQLite store.',
      });
    }
    return { dialect: 'postgres', url };
  }
  return { dialect: 'sqlite', path: resolve(home, 'nova.db') };
}
