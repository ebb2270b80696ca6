import { createInterface } from 'node:readline';

/**
 * Lines typed by the user for a conversation (`nova chat`): the terminal through readline, a pipe, or
 * a test's script.
 */
export interface LineConsole {
  /**
   * Shows the prompt (at a terminal) and resolves with the next line; null at the end of input (Ctrl-D,
   * the end of a pipe) or on Ctrl-C at an empty prompt. Lines typed while nothing was asked (during an
   * answer) are kept and returned first, in order.
   */
  readLine(prompt: string): Promise<string | null>;
  /** A person types at a terminal: prompts are shown and questions can be answered. */
  readonly interactive: boolean;
  /**
   * Called on Ctrl-C while no line is being read (an answer is being written); the listener returns
   * whether it had something to stop. When none had, Ctrl-C acts as at the prompt.
   */
  onInterrupt(listener: () => boolean): void;
  close(): void;
}

/**
 * The console over stdin. At a terminal, readline keeps it in raw mode for the whole conversation, so
 * Ctrl-C arrives as a key (not a signal): during an answer it goes to the `onInterrupt` listeners;
 * otherwise it clears what was typed, or ends the conversation when nothing was. Prompts and echo go
 * to stderr, so that stdout holds the answers alone.
 */
export function openTerminalLineConsole(input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): LineConsole {
  const interactive = input.isTTY === true;
  const reader = createInterface({ input, output, terminal: interactive, historySize: interactive ? 200 : 0 });
  const queued: string[] = [];
  const interruptListeners: Array<() => boolean> = [];
  let waiting: ((line: string | null) => void) | undefined;
  let closed = false;
  // What Ctrl-C dropped but readline kept (TERM=dumb has no line editing): cut from the line entered next.
  let dropped: string | undefined;

  const answer = (line: string | null) => {
    const resolve = waiting;
    waiting = undefined;
    resolve?.(line);
  };
  reader.on('line', (entered) => {
    const line = dropped !== undefined && entered.startsWith(dropped) ? entered.slice(dropped.length) : entered;
    dropped = undefined;
    if (waiting === undefined) queued.push(line);
    else answer(line);
  });
  reader.on('close', () => {
    closed = true;
    answer(null);
  });
  reader.on('SIGINT', () => {
    // Between an answer and the next prompt a listener may have nothing left to stop: then Ctrl-C is
    // about what is typed, as at the prompt.
    if (waiting === undefined && interruptListeners.map((listener) => listener()).includes(true)) return;
    const typed = dropped !== undefined && reader.line.startsWith(dropped) ? reader.line.slice(dropped.length) : reader.line;
    if (typed === '') {
      output.write('\n');
      reader.close();
      return;
    }
    // Like a shell: Ctrl-C drops what was typed and asks again.
    reader.write(null, { ctrl: true, name: 'e' });
    reader.write(null, { ctrl: true, name: 'u' });
    if (reader.line !== '') {
      dropped = reader.line;
      output.write('^C\n');
      if (waiting !== undefined) reader.prompt();
    }
  });

  return {
    interactive,
    readLine(prompt) {
      if (queued.length > 0) return Promise.resolve(queued.shift()!);
      if (closed) return Promise.resolve(null);
      return new Promise((resolve) => {
        waiting = resolve;
        if (interactive) {
          reader.setPrompt(prompt);
          reader.prompt();
        }
      });
    },
    onInterrupt(listener) {
      interruptListeners.push(listener);
    },
    close() {
      if (!closed) reader.close();
    },
  };
}
