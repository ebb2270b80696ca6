import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAgentFile } from '../../src/agents/agent-file.ts';
import { loadAgentRegistry } from '../../src/agents/agent-registry.ts';
import { shippedRosterDirectory } from '../../src/runtime/nova.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';

const validAgent = (id: string, extra = '') => `---
id: ${id}
name: ${id}
category: test
description: A test agent that does a test thing.
samples:
  - do the thing
engine: model
${extra}---
Be helpful.
`;

describe('parseAgentFile', () => {
  it('takes the spec from the front matter and the instructions from the body', () => {
    const parsed = parseAgentFile(validAgent('helper'), 'helper.md');
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.value).toMatchObject({ id: 'helper', instructions: 'Be helpful.', model: 'default', tools: [], limits: { maxSteps: 10 } });
  });

  it('reports the file, line and field of each problem', () => {
    const text = ['---', 'id: Bad_Id', 'name: x', 'category: test', 'description: short', 'samples: []', 'engine: model', 'colour: blue', '---', 'body'].join('\n');
    const parsed = parseAgentFile(text, 'bad.md');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const byPath = Object.fromEntries(parsed.issues.map((issue) => [issue.path, issue]));
    expect(byPath['id']).toMatchObject({ file: 'bad.md', line: 2, message: expect.stringContaining('kebab-case') });
    expect(byPath['description']).toMatchObject({ line: 5 });
    expect(byPath['samples']).toMatchObject({ line: 6, message: expect.stringContaining('sample') });
    expect(byPath['']?.message ?? parsed.issues.map((issue) => issue.message).join()).toContain('colour');
  });

  it('reports YAML syntax errors with their line', () => {
    const parsed = parseAgentFile('---\nid: x\nsamples: [unclosed\n---\nbody', 'broken.md');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues[0]).toMatchObject({ file: 'broken.md', message: expect.stringContaining('YAML syntax') });
  });

  it('requires front matter', () => {
    const parsed = parseAgentFile('# just markdown', 'plain.md');
    expect(parsed.ok).toBe(false);
  });
});

describe('loadAgentRegistry', () => {
  const directories: Array<() => void> = [];
  afterEach(() => directories.splice(0).forEach((remove) => remove()));

  function folder(files: Record<string, string>): string {
    const directory = temporaryDirectory();
    directories.push(directory.remove);
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(directory.path, name, '..'), { recursive: true });
      writeFileSync(join(directory.path, name), text);
    }
    return directory.path;
  }

  it('loads the shipped chat agent', async () => {
    const registry = await loadAgentRegistry({ directories: [{ path: shippedRosterDirectory, origin: 'shipped' }] });
    expect(registry.issues).toEqual([]);
    const chat = registry.get('chat');
    expect(chat.spec).toMatchObject({ id: 'chat', engine: 'model', category: 'chat' });
    expect(chat.inputSchema?.validate({ text: 'hi' }).ok).toBe(true);
    expect(chat.inputSchema?.validate({}).ok).toBe(false);
  });

  it('lets a user agent override a shipped one and says so', async () => {
    const shipped = folder({ 'chat/chat.md': validAgent('chat') });
    const user = folder({ 'chat.md': validAgent('chat', 'model: smart\n') });
    const registry = await loadAgentRegistry({ directories: [{ path: shipped, origin: 'shipped' }, { path: user, origin: 'user' }] });
    const chat = registry.get('chat');
    expect(chat).toMatchObject({ origin: 'user', overrides: [join(shipped, 'chat/chat.md')], spec: { model: 'smart' } });
  });

  it('keeps going past a bad file, and refuses only that agent, loudly', async () => {
    const user = folder({ 'good.md': validAgent('good'), 'bad.md': validAgent('bad', 'tools: [teleport]\n') });
    const registry = await loadAgentRegistry({ directories: [{ path: user, origin: 'user' }], toolNames: new Set(['weather']) });
    expect(registry.get('good').spec.id).toBe('good');
    expect(registry.issues).toEqual([expect.objectContaining({ agentId: 'bad', path: 'tools', line: 9, message: expect.stringContaining('unknown tool "teleport"') })]);
    expect(() => registry.get('bad')).toThrow(expect.objectContaining({ code: 'agent_invalid' }));
  });

  it('flags duplicate ids, unknown handoff targets and unknown handlers', async () => {
    const user = folder({
      'a.md': validAgent('twin'),
      'b.md': validAgent('twin'),
      'c.md': validAgent('handing', 'handoffs: [nobody]\n'),
      'd.md': validAgent('coded').replace('engine: model', 'engine: code\nhandler: no-such-handler'),
    });
    const registry = await loadAgentRegistry({ directories: [{ path: user, origin: 'user' }] });
    const messages = registry.issues.map((issue) => issue.message).join('\n');
    expect(messages).toContain('duplicate agent id "twin"');
    expect(messages).toContain('unknown agent "nobody"');
    expect(messages).toContain('unknown built-in handler "no-such-handler"');
  });

  it('answers agent_not_found with the closest ids', async () => {
    const registry = await loadAgentRegistry({ directories: [{ path: shippedRosterDirectory, origin: 'shipped' }] });
    expect(() => registry.get('chatt')).toThrow(expect.objectContaining({ code: 'agent_not_found', details: { closest: ['chat'] } }));
  });
});
