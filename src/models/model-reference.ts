import { NovaError } from '../core/errors.ts';

/** The model providers Nova knows how to build. A closed set: anything else is a configuration error. */
export const providerNames = ['openai', 'anthropic', 'ollama', 'openai-compatible'] as const;

export type ProviderName = (typeof providerNames)[number];

/** A parsed `provider:model` string. */
export interface ModelReference {
  provider: ProviderName;
  /** Everything after the first `:`; may itself contain `:` and `/` (`llama3.1:8b`, `org/model`). */
  modelId: string;
}

const acceptedForm =
  'Write a model as provider:model, e.g. openai:gpt-4o-mini, anthropic:claude-sonnet-4-5, ' +
  `ollama:llama3.1:8b or openai-compatible:org/model. Providers: ${providerNames.join(', ')}.`;

/** True when `value` names one of Nova's providers. */
export function isProviderName(value: string): value is ProviderName {
  return (providerNames as readonly string[]).includes(value);
}

/**
 * Parses a `provider:model` string. Only the first `:` separates the provider, so model ids may carry
 * their own colons and slashes.
 *
 * @throws NovaError `config_invalid` (fault user) when the string is malformed or the provider unknown.
 * @example
 * parseModelString('ollama:llama3.1:8b'); // { provider: 'ollama', modelId: 'llama3.1:8b' }
 */
export function parseModelString(text: string): ModelReference {
  const trimmed = text.trim();
  const separator = trimmed.indexOf(':');
  if (separator <= 0 || separator === trimmed.length - 1) {
    throw invalidModelString(text, 'expected provider:model');
  }
  const provider = trimmed.slice(0, separator).toLowerCase();
  const modelId = trimmed.slice(separator + 1);
  if (/\s/.test(modelId)) throw invalidModelString(text, 'the model id contains whitespace');
  if (!isProviderName(provider)) {
    throw invalidModelString(text, `unknown provider "${provider}"`, { provider });
  }
  return { provider, modelId };
}

/** The canonical `provider:model` form of a reference. */
export function formatModelString(reference: ModelReference): string {
  return `${reference.provider}:${reference.modelId}`;
}

function invalidModelString(
  text: string,
  reason: string,
  extra: Record<string, unknown> = {},
): NovaError {
  return new NovaError({
    code: 'config_invalid',
    fault: 'user',
    message: `Invalid model "${text}": ${reason}.`,
    hint: acceptedForm,
    details: { modelString: text, providers: [...providerNames], ...extra },
  });
}
