import { describe, expect, it } from 'vitest';
import { isNovaError } from '../../src/core/errors.ts';
import { parseChatLine } from '../../src/sessions/chat-commands.ts';

function failure(line: string): { code: string; message: string } {
  try {
    parseChatLine(line);
  } catch (error) {
    if (isNovaError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error(`"${line}" was accepted`);
}

describe('lines typed in a conversation', () => {
  it('are messages, trimmed; blank lines are nothing', () => {
    expect(parseChatLine('  translate this to German  ')).toEqual({ kind: 'message', text: 'translate this to German' });
    expect(parseChatLine('   ')).toEqual({ kind: 'empty' });
    expect(parseChatLine('@translator hello')).toEqual({ kind: 'message', text: '@translator hello' });
  });

  it('are commands when they start with /word', () => {
    expect(parseChatLine('/agents')).toEqual({ kind: 'command', command: { name: 'agents' } });
    expect(parseChatLine('/runs ')).toEqual({ kind: 'command', command: { name: 'runs' } });
    expect(parseChatLine('/new')).toEqual({ kind: 'command', command: { name: 'new' } });
    expect(parseChatLine('/help')).toEqual({ kind: 'command', command: { name: 'help' } });
    expect(parseChatLine('/exit')).toEqual({ kind: 'command', command: { name: 'exit' } });
    expect(parseChatLine('/QUIT')).toEqual({ kind: 'command', command: { name: 'exit' } });
    expect(parseChatLine('/switch translator')).toEqual({ kind: 'command', command: { name: 'switch', agentId: 'translator' } });
    expect(parseChatLine('/switch @chat')).toEqual({ kind: 'command', command: { name: 'switch', agentId: 'chat' } });
  });

  it('are messages when the slash is a path or follows a space', () => {
    expect(parseChatLine('/usr/bin/env is what?')).toEqual({ kind: 'message', text: '/usr/bin/env is what?' });
    expect(parseChatLine(' /help')).toEqual({ kind: 'message', text: '/help' });
  });

  it('refuse unknown commands and wrong arguments, saying what is expected', () => {
    expect(failure('/frobnicate')).toEqual({ code: 'input_invalid', message: 'Unknown command /frobnicate' });
    expect(failure('/switch')).toMatchObject({ code: 'input_invalid', message: '/switch takes one agent id' });
    expect(failure('/switch a b')).toMatchObject({ code: 'input_invalid' });
    expect(failure('/runs all')).toEqual({ code: 'input_invalid', message: '/runs takes no argument (got "all")' });
  });
});
