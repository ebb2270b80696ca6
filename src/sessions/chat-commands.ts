import { NovaError } from '../core/errors.ts';

/** The slash commands of a conversation, as `/help` lists them. */
export const chatCommandHelp: ReadonlyArray<{ usage: string; description: string }> = Object.freeze([
  { usage: '/agents', description: 'list the agents (* marks the active one)' },
  { usage: '/switch <agent>', description: 'make an agent the active one: it answers the follow-ups' },
  { usage: '/runs', description: "this session's turns: run, agent and status" },
  { usage: '/new', description: 'start a new session: no history, no active agent' },
  { usage: '/exit', description: 'leave (also Ctrl-D, or Ctrl-C at an empty prompt)' },
  { usage: '/help', description: 'this list' },
  { usage: '@agent <message>', description: 'send a message to that agent, which becomes the active one' },
  { usage: 'Ctrl-C', description: 'cancel the answer being written; the session goes on' },
]);

export type ChatCommand = { name: 'agents' } | { name: 'switch'; agentId: string } | { name: 'runs' } | { name: 'new' } | { name: 'exit' } | { name: 'help' };

/** A line typed in a conversation: nothing, a message for an agent, or a slash command. */
export type ChatLine = { kind: 'empty' } | { kind: 'message'; text: string } | { kind: 'command'; command: ChatCommand };

// `/word` at the very start of the line; "/usr/bin/env is what?" or " /help" are messages.
const commandPattern = /^\/([A-Za-z][\w-]*)(?=\s|$)\s*([\s\S]*)$/;

/** Reads one line; an unknown or malformed command is an `input_invalid` error that lists the commands. */
export function parseChatLine(line: string): ChatLine {
  const match = commandPattern.exec(line.trimEnd());
  if (match === null) {
    const text = line.trim();
    return text === '' ? { kind: 'empty' } : { kind: 'message', text };
  }
  const name = match[1]!.toLowerCase();
  const argument = match[2]!.trim();
  switch (name) {
    case 'agents':
    case 'runs':
    case 'new':
    case 'help':
      requireNoArgument(name, argument);
      return { kind: 'command', command: { name } };
    case 'exit':
    case 'quit':
      requireNoArgument(name, argument);
      return { kind: 'command', command: { name: 'exit' } };
    case 'switch': {
      const agentId = argument.replace(/^@/, '');
      if (agentId === '' || /\s/.test(agentId)) {
        throw new NovaError({ code: 'input_invalid', fault: 'user', message: '/switch takes one agent id', hint: 'For example /switch translator; /agents lists them.' });
      }
      return { kind: 'command', command: { name: 'switch', agentId } };
    }
    default:
      throw new NovaError({
        code: 'input_invalid',
        fault: 'user',
        message: `Unknown command /${match[1]}`,
        hint: `Commands: ${chatCommandHelp.filter((entry) => entry.usage.startsWith('/')).map((entry) => entry.usage.split(' ')[0]).join(', ')}. To send a message that starts with "/", put a space before it.`,
      });
  }
}

function requireNoArgument(name: string, argument: string): void {
  if (argument === '') return;
  throw new NovaError({ code: 'input_invalid', fault: 'user', message: `/${name} takes no argument (got "${argument}")`, hint: 'Type /help for the commands.' });
}
