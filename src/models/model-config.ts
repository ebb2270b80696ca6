import { NovaError } from '../core/errors.ts';
import { formatModelString, parseModelString } from './model-reference.ts';
import { readVariable } from './provider-environment.ts';
import type { ModelEnvironment } from './provider-environment.ts';

/** The `models:` section of `$NOVA_HOME/config.yaml`. */
export interface ModelSettings {
  /** The model used when an agent says `default` and `NOVA_MODEL` is unset: an alias or provider:model. */
  default?: string;
  /** Names for models (`fast`, `smart`, ...); a value is provider:model, another alias, or `default`. */
  aliases: Record<string, string>;
}

/** What `resolveModelString` needs: the name an agent uses, the config, and the environment. */
export interface ResolveModelStringOptions {
  /** What the agent names: `default`, an alias, or a provider:model string. */
  reference: string;
  settings: ModelSettings;
  env: ModelEnvironment;
}

/** What to tell a user who has no model configured (shared with `nova doctor` and the CLI). */
export const noModelConfiguredHint =
  'Set NOVA_MODEL=provider:model (e.g. NOVA_MODEL=openai:gpt-4o-mini with OPENAI_API_KEY, or ' +
  'NOVA_MODEL=openai-compatible:<name> with NOVA_OPENAI_COMPATIBLE_BASE_URL), or set models.default ' +
  'in $NOVA_HOME/config.yaml.';

/**
 * Resolves what an agent names to a canonical provider:model string.
 *
 * `default` is `NOVA_MODEL` if set, else `settings.default` (an alias, a provider:model, or, for configs
 * that list it among the aliases, `aliases.default`). Aliases may point to other aliases; a cycle is a
 * configuration error.
 *
 * @throws NovaError `model_not_configured` when `default` is needed and nothing sets it;
 *   `config_invalid` for an unknown alias, an alias cycle, or a malformed provider:model value.
 * @example
 * resolveModelString({ reference: 'fast', settings: { aliases: { fast: 'openai:gpt-4o-mini' } }, env: {} });
 * // 'openai:gpt-4o-mini'
 */
export function resolveModelString(options: ResolveModelStringOptions): string {
  const { settings, env } = options;
  const chain: string[] = [];
  let name = options.reference.trim();
  for (;;) {
    if (name.includes(':')) return formatModelString(parseFromChain(name, chain));
    if (chain.includes(name)) throw aliasCycle([...chain, name]);
    chain.push(name);
    if (name === 'default') {
      const next = readVariable(env, 'NOVA_MODEL') ?? settings.default ?? settings.aliases['default'];
      if (next === undefined) throw noModelConfigured(options.reference);
      name = next.trim();
      continue;
    }
    const next = Object.hasOwn(settings.aliases, name) ? settings.aliases[name] : undefined;
    if (next === undefined) throw unknownAlias(name, chain, settings);
    name = next.trim();
  }
}

/**
 * What is wrong with a model reference as written (an unknown alias, an alias cycle, a malformed
 * provider:model), as a message with its hint; undefined when it resolves, or when it only waits for a
 * default model to be configured (that is the configuration's problem, which `nova doctor` reports).
 * Checks agent files at load, so that a typo in `model:` is not found at the first run.
 */
export function modelReferenceProblem(options: ResolveModelStringOptions): string | undefined {
  try {
    resolveModelString(options);
    return undefined;
  } catch (error) {
    if (!(error instanceof NovaError)) throw error;
    if (error.code === 'model_not_configured') return undefined;
    return `${error.message} ${error.hint ?? ''}`.trim();
  }
}

function parseFromChain(modelString: string, chain: readonly string[]): ReturnType<typeof parseModelString> {
  if (chain.length === 0) return parseModelString(modelString);
  try {
    return parseModelString(modelString);
  } catch (error) {
    if (!(error instanceof NovaError)) throw error;
    // Say where the bad value came from: the user has to fix the alias, not the agent.
    throw new NovaError({
      code: 'config_invalid',
      fault: 'user',
      message: `${error.message} It was reached through ${describeChain(chain)}.`,
      hint: error.hint,
      details: { ...error.details, chain: [...chain] },
      cause: error,
    });
  }
}

function noModelConfigured(reference: string): NovaError {
  return new NovaError({
    code: 'model_not_configured',
    fault: 'user',
    retryable: false,
    message:
      reference.trim() === 'default'
        ? 'No default model is configured.'
        : `"${reference}" resolves to the default model, and no default model is configured.`,
    hint: noModelConfiguredHint,
    details: { reference, variables: ['NOVA_MODEL'], configKey: 'models.default' },
  });
}

function unknownAlias(name: string, chain: readonly string[], settings: ModelSettings): NovaError {
  const known = Object.keys(settings.aliases).sort();
  const via = chain.length > 1 ? ` (reached through ${describeChain(chain)})` : '';
  return new NovaError({
    code: 'config_invalid',
    fault: 'user',
    message: `Unknown model alias "${name}"${via}.`,
    hint:
      (known.length > 0 ? `Known aliases: ${known.join(', ')}. ` : 'No aliases are configured. ') +
      'Use default, an alias from models.aliases in $NOVA_HOME/config.yaml, or provider:model.',
    details: { alias: name, knownAliases: known, chain: [...chain] },
  });
}

function aliasCycle(chain: readonly string[]): NovaError {
  return new NovaError({
    code: 'config_invalid',
    fault: 'user',
    message: `Model aliases form a cycle: ${chain.join(' -> ')}.`,
    hint: 'Make one alias in the cycle point to a provider:model string (models.aliases in $NOVA_HOME/config.yaml, or NOVA_MODEL).',
    details: { chain: [...chain] },
  });
}

function describeChain(chain: readonly string[]): string {
  return chain.map((name) => (name === 'default' ? 'default' : `alias "${name}"`)).join(' -> ');
}
