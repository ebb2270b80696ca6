/**
 * Splits one message line into its groups, upper-cased (messages are read case-insensitively). The
 * WMO end-of-message sign `=` after the last group is dropped.
 */
export function tokenize(line: string): string[] {
  const tokens = line.trim().toUpperCase().split(/\s+/).filter((token) => token !== '');
  const last = tokens.at(-1);
  if (last !== undefined && last.endsWith('=')) {
    const stripped = last.replace(/=+$/, '');
    if (stripped === '') tokens.pop();
    else tokens[tokens.length - 1] = stripped;
  }
  return tokens;
}

/** A read position over a message's groups. */
export class TokenCursor {
  private index = 0;

  constructor(private readonly tokens: readonly string[]) {}

  /** The group `offset` places ahead, without consuming it. */
  peek(offset = 0): string | undefined {
    return this.tokens[this.index + offset];
  }

  /** Consumes and returns the next group. */
  next(): string | undefined {
    const token = this.tokens[this.index];
    if (token !== undefined) this.index += 1;
    return token;
  }

  get done(): boolean {
    return this.index >= this.tokens.length;
  }
}
