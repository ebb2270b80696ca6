/** What a secret is replaced with; the same mask as `maskedUrl`. */
export const secretMask = '***';

/**
 * Values shorter than this are not redacted from free text: a two-letter "password" would mask every
 * occurrence of those letters in every output. They are still masked where they have a place of their
 * own (the password of a URL, see `maskedUrl`).
 */
export const minimumSecretLength = 6;

/**
 * Nova's one redactor: built from the values of the configured secrets (API keys, tokens, passwords
 * from the environment and the config file; see `configuredSecrets`), applied where Nova records or
 * prints: the journal and the runs table (`openStore`), and the CLI's stdout and stderr. A secret is
 * found as written, JSON-escaped (inside printed JSON) and URL-encoded (inside a URL).
 *
 * `errorText` also masks what merely looks like a key (`sk-...`, `Bearer ...`): providers echo part of a
 * wrong key in their error text, and that key need not be one Nova was configured with. It is kept to
 * error text, since data (a SKU such as `pk-100200`) can look like a key too.
 *
 * @example
 * const redactor = new SecretRedactor(['sk-live-0123456789']);
 * redactor.text('bad key sk-live-0123456789'); // 'bad key ***'
 */
export class SecretRedactor {
  readonly #pattern: RegExp | undefined;
  readonly #secrets: readonly string[];
  /** Every form a secret is searched in (as written, JSON-escaped, URL-encoded). */
  readonly #forms: readonly string[];

  constructor(secrets: Iterable<string> = []) {
    const kept = new Set<string>();
    for (const secret of secrets) {
      const value = secret.trim();
      if (value.length < minimumSecretLength) continue;
      kept.add(value);
    }
    this.#secrets = [...kept];
    const forms = new Set<string>();
    for (const secret of kept) {
      forms.add(secret);
      forms.add(JSON.stringify(secret).slice(1, -1));
      forms.add(encodeURIComponent(secret));
    }
    // Longest first, so a secret that contains another is masked whole.
    this.#forms = [...forms].sort((left, right) => right.length - left.length);
    const alternatives = this.#forms.map(escapeRegExp);
    this.#pattern = alternatives.length === 0 ? undefined : new RegExp(alternatives.join('|'), 'g');
  }

  /** How many distinct secrets this redactor masks. */
  get size(): number {
    return this.#secrets.length;
  }

  /** A redactor that also masks these secrets. */
  with(secrets: Iterable<string>): SecretRedactor {
    return new SecretRedactor([...this.#secrets, ...secrets]);
  }

  /** The text with every configured secret replaced by `***`. */
  text(text: string): string {
    if (this.#pattern === undefined) return text;
    this.#pattern.lastIndex = 0;
    return this.#pattern.test(text) ? text.replace(this.#pattern, secretMask) : text;
  }

  /** Error text (a message, a cause): configured secrets, and anything shaped like an API key or bearer token. */
  errorText(text: string): string {
    return maskKeyShapes(this.text(text));
  }

  /**
   * A writer for text that arrives in pieces (a streamed answer), masked like `text`: a piece that ends
   * in what may be the start of a secret holds that end back until the next piece tells, and `end`
   * writes what is left. A secret split across pieces is masked whole.
   */
  deltas(write: (text: string) => void): { write(delta: string): void; end(): void } {
    if (this.#pattern === undefined) return { write, end: () => undefined };
    let pending = '';
    return {
      write: (delta) => {
        const redacted = this.text(pending + delta);
        const held = this.#partialSecretAtEnd(redacted);
        if (held < redacted.length) write(redacted.slice(0, redacted.length - held));
        pending = redacted.slice(redacted.length - held);
      },
      end: () => {
        if (pending !== '') write(this.text(pending));
        pending = '';
      },
    };
  }

  /** The length of the longest end of the text that is the start (not the whole) of a secret. */
  #partialSecretAtEnd(text: string): number {
    let longest = 0;
    for (const form of this.#forms) {
      for (let length = Math.min(form.length - 1, text.length); length > longest; length -= 1) {
        if (text.endsWith(form.slice(0, length))) {
          longest = length;
          break;
        }
      }
    }
    return longest;
  }

  /**
   * A JSON-like value with every string (and object key) redacted; the value itself, not a copy, when
   * nothing in it is secret, so that the common case costs no allocation.
   */
  value<Value>(value: Value): Value {
    if (this.#pattern === undefined) return value;
    return this.#redactValue(value) as Value;
  }

  #redactValue(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      value.forEach((item, index) => {
        const redacted = this.#redactValue(item);
        if (redacted !== item) (copy ??= [...value])[index] = redacted;
      });
      return copy ?? value;
    }
    if (!isPlainObject(value)) return value;
    let copy: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(value)) {
      const redactedKey = this.text(key);
      const redacted = this.#redactValue(item);
      if (redactedKey === key && redacted === item) continue;
      copy ??= { ...value };
      if (redactedKey !== key) delete copy[key];
      copy[redactedKey] = redacted;
    }
    return copy ?? value;
  }
}

/** Masks what looks like an API key or a bearer token (OpenAI and Anthropic echo part of a wrong key back). */
export function maskKeyShapes(text: string): string {
  return text.replace(/\b(sk|rk|pk)-[\w*.-]{6,}/g, `$1-${secretMask}`).replace(/\b(Bearer)\s+[\w*.~+/=-]{6,}/gi, `$1 ${secretMask}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
