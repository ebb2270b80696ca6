import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export type Environment = Readonly<Record<string, string | undefined>>;

/** Where Nova keeps its database, config and the user's own agents: `$NOVA_HOME`, default `~/.nova`. */
export function novaHome(env: Environment): string {
  const configured = env['NOVA_HOME'];
  return configured !== undefined && configured.trim() !== '' ? resolve(configured) : join(homedir(), '.nova');
}

export function configPath(home: string): string {
  return join(home, 'config.yaml');
}
