import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAgentFile } from '../../src/agents/agent-file.ts';
import { loadAgentRegistry, type AgentRegistry } from '../../src/agents/agent-registry.ts';
import { modelReferenceProblem } from '../../src/models/model-config.ts';
import { shippedRosterDirectory } from '../../src/app/nova.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';

/** A valid agent file; `extra` lines go at the end of the front matter. */
const agentFile = (id: string, extra = '') => `---
id: ${id}
name: ${id}
category: test
description: A test agent that does a test thing.
samples:
  - do the thing
  - do the other thing
  - do a third thing
engine: model
${extra}---
Be helpful.
`;

describe('parseAgentFile', () => {
  it('takes the spec from the front matter and the instructions from the body', () => {
    const parsed = parseAgentFile(agentFile('helper'), 'helper.md');
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
    expect(byPath['colour']).toMatchObject({ line: 8, column: 1, message: 'unknown field "colour"' });
  });

  it('reports each unknown field at its own line and column of the .md file, with the closest known field', () => {
    const parsed = parseAgentFile(agentFile('typos', 'descripton: more words here\nlimits:\n  maxStep: 3\n  timeoutMs: 1000\n'), 'typos.md');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues.map((issue) => `${issue.line}:${issue.column} ${issue.path}: ${issue.message}`)).toEqual([
      '11:1 descripton: unknown field "descripton" (did you mean "description"?)',
      '13:3 limits.maxStep: unknown field "maxStep" (did you mean "maxSteps"?)',
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    const parsed = parseAgentFile('---\nid: x\nsamples: [unclosed\n---\nbody', 'broken.md');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues[0]).toMatchObject({ file: 'broken.md', message: expect.stringContaining('YAML syntax') });
  });

  it('requires front matter', () => {
    expect(parseAgentFile('# just markdown', 'plain.md').ok).toBe(false);
  });
});

describe('loadAgentRegistry', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((remove) => remove()));

  function folder(files: Record<string, string>): string {
    const directory = temporaryDirectory();
    cleanups.push(directory.remove);
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(directory.path, name)), { recursive: true });
      writeFileSync(join(directory.path, name), text);
    }
    return directory.path;
  }

  async function load(files: Record<string, string>, toolNames = new Set(['weather'])): Promise<{ registry: AgentRegistry; path: string }> {
    const path = folder(files);
    return { path, registry: await loadAgentRegistry({ directories: [{ path, origin: 'user' }], toolNames, builtinHandlers: {} }) };
  }

  it('loads the shipped roster without issues', async () => {
    const registry = await loadAgentRegistry({ directories: [{ path: shippedRosterDirectory, origin: 'shipped' }] });
    expect(registry.get('chat').spec).toMatchObject({ id: 'chat', engine: 'model', category: 'chat' });
  });

  it('lets a user agent override a shipped one and says so', async () => {
    const shipped = folder({ 'chat/chat.md': agentFile('chat') });
    const user = folder({ 'chat.md': agentFile('chat', 'model: smart\n') });
    const registry = await loadAgentRegistry({ directories: [{ path: shipped, origin: 'shipped' }, { path: user, origin: 'user' }] });
    expect(registry.get('chat')).toMatchObject({ origin: 'user', overrides: [join(shipped, 'chat/chat.md')], spec: { model: 'smart' } });
  });

  // Each kind of broken file: the issue names the file, the line of the field, and what is expected.
  const brokenFiles: Array<[string, string, { path: string; line: number; message: RegExp }]> = [
    ['an unknown tool', agentFile('bad', 'tools: [wether]\n'), { path: 'tools', line: 11, message: /unknown tool "wether" \(did you mean "weather"\?\)/ }],
    ['an unknown handoff target', agentFile('bad', 'handoffs: [nobody]\n'), { path: 'handoffs', line: 11, message: /unknown agent "nobody"/ }],
    ['an invalid input schema', agentFile('bad', 'input:\n  type: objekt\n'), { path: 'input', line: 11, message: /invalid JSON Schema/ }],
    ['an invalid output schema', agentFile('bad', 'output:\n  type: object\n  required: 7\n'), { path: 'output', line: 11, message: /invalid JSON Schema/ }],
    ['a missing description', agentFile('bad').replace('description: A test agent that does a test thing.\n', ''), { path: 'description', line: 2, message: /is required/ }],
    ['missing samples', agentFile('bad').replace('samples:\n  - do the thing\n  - do the other thing\n  - do a third thing\n', ''), { path: 'samples', line: 2, message: /is required/ }],
    ['an unknown built-in handler', agentFile('bad', 'handler: sumarize\n'), { path: 'handler', line: 11, message: /unknown built-in handler "sumarize"/ }],
    ['a model agent without instructions', agentFile('bad').replace('Be helpful.\n', ''), { path: 'instructions', line: 2, message: /needs instructions/ }],
  ];

  for (const [kind, text, expected] of brokenFiles) {
    it(`reports ${kind} precisely, and refuses only that agent`, async () => {
      const { registry, path } = await load({ 'good.md': agentFile('good'), 'bad.md': text });
      expect(registry.get('good').spec.id).toBe('good');
      const errors = registry.issues.filter((issue) => issue.severity === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ file: join(path, 'bad.md'), path: expected.path, line: expected.line });
      expect(errors[0]?.message).toMatch(expected.message);
      expect(() => registry.get('bad')).toThrow(expect.objectContaining({ code: 'agent_invalid', message: expect.stringContaining(`bad.md:${expected.line}`) }));
    });
  }

  it('reports every problem of a file in one load: schema, tools, model, handler, schemas, handoffs and delegates', async () => {
    const many = agentFile('many', 'model: smrt\ntools: [wether]\nhandoffs: [nobody, good]\ndelegates: [ghost]\nhandler: sumarize\ncolr: blue\ninput:\n  type: objekt\n').replace(
      'description: A test agent that does a test thing.',
      'description: short',
    );
    const path = folder({ 'good.md': agentFile('good', 'handoffs: [many]\n'), 'many.md': many });
    const registry = await loadAgentRegistry({
      directories: [{ path, origin: 'user' }],
      toolNames: new Set(['weather']),
      builtinHandlers: { summarize: async () => ({}) },
      checkModel: (reference) => modelReferenceProblem({ reference, settings: { aliases: { smart: 'openai:gpt-4o' } }, env: {} }),
    });
    const reported = registry.issues.map((issue) => `${issue.line} ${issue.path}: ${issue.message}`);
    expect(reported).toEqual([
      expect.stringMatching(/^5 description: must say in a sentence/),
      expect.stringMatching(/^11 model: Unknown model alias "smrt"\. Known aliases: smart/),
      expect.stringMatching(/^12 tools: unknown tool "wether" \(did you mean "weather"\?\)/),
      '13 handoffs: unknown agent "nobody"',
      '14 delegates: unknown agent "ghost"',
      expect.stringMatching(/^15 handler: unknown built-in handler "sumarize" \(did you mean "summarize"\?\)/),
      '16 colr: unknown field "colr"',
      expect.stringMatching(/^17 input: invalid JSON Schema/),
    ]);
    expect(registry.issues.every((issue) => issue.file === join(path, 'many.md') && issue.agentId === 'many')).toBe(true);
    // The refused agent's own error lists them all; an agent handing off to it is not blamed.
    expect(() => registry.get('many')).toThrow(expect.objectContaining({ code: 'agent_invalid', message: expect.stringMatching(/many\.md:5:.*\n(.*\n){6}.*many\.md:17:/) }));
    expect(registry.get('good').spec.handoffs).toEqual(['many']);
  });

  it('reports a duplicate id in one folder at the second file', async () => {
    const { registry, path } = await load({ 'a.md': agentFile('twin'), 'b.md': agentFile('twin') });
    expect(registry.issues).toEqual([expect.objectContaining({ file: join(path, 'b.md'), path: 'id', line: 2, message: `duplicate agent id "twin": already defined in ${join(path, 'a.md')}` })]);
    expect(registry.get('twin').source).toBe(join(path, 'a.md'));
  });

  it('warns about an agent with fewer than three samples, and still loads it', async () => {
    const { registry } = await load({ 'thin.md': agentFile('thin').replace('  - do the other thing\n  - do a third thing\n', '') });
    expect(registry.issues).toEqual([expect.objectContaining({ severity: 'warning', path: 'samples', line: 6 })]);
    expect(registry.get('thin').spec.samples).toEqual(['do the thing']);
  });

  it('loads a code agent whose handler is a module beside its file', async () => {
    const { registry } = await load({
      'counter.md': agentFile('counter').replace('engine: model', 'engine: code\nhandler: ./count.mts#count').replace('Be helpful.\n', ''),
      'count.mts': 'export async function count(input: { text: string }) { return { length: input.text.length }; }\n',
    });
    expect(registry.issues).toEqual([]);
    expect(await registry.get('counter').handler?.({ text: 'four' }, {} as never)).toEqual({ length: 4 });
  });

  it('reports a handler module that is missing or lacks the export', async () => {
    const { registry } = await load({
      'a.md': agentFile('a').replace('engine: model', 'engine: code\nhandler: ./nowhere.mts#run'),
      'b.md': agentFile('b').replace('engine: model', 'engine: code\nhandler: ./module.mts#run'),
      'module.mts': 'export const other = 1;\n',
    });
    expect(registry.issues.map((issue) => issue.message)).toEqual([expect.stringMatching(/nowhere\.mts does not exist/), expect.stringMatching(/has no exported function "run"; it exports other/)]);
  });

  it('loads TypeScript agents made with defineAgent, with or without imports', async () => {
    const { registry } = await load({
      'greeter.agent.mts': `export default ({ defineAgent, z }) => defineAgent({
        id: 'greeter', name: 'Greeter', category: 'test', engine: 'code',
        description: 'Greets a person by name.', samples: ['greet Ada', 'say hello to Bob', 'welcome Carla'],
        input: z.object({ name: z.string() }), output: z.object({ greeting: z.string() }),
        handler: async ({ name }) => ({ greeting: 'Hello, ' + name + '!' }),
      });\n`,
    });
    expect(registry.issues).toEqual([]);
    const greeter = registry.get('greeter');
    expect(greeter.source).toMatch(/greeter\.agent\.mts$/);
    expect(greeter.inputSchema?.validate({ name: 'Ada' }).ok).toBe(true);
    expect(greeter.inputSchema?.validate({ name: 3 }).ok).toBe(false);
    expect(await greeter.handler?.({ name: 'Ada' }, {} as never)).toEqual({ greeting: 'Hello, Ada!' });
  });

  it('reports a TypeScript agent file that breaks defineAgent or exports nothing', async () => {
    const { registry } = await load({
      'broken.agent.mts': `export default ({ defineAgent }) => defineAgent({ id: 'broken', name: 'B', category: 'test', engine: 'code', description: 'x', samples: [] });\n`,
      'empty.agent.mts': 'export const nothing = 1;\n',
    });
    const messages = registry.issues.map((issue) => issue.message).join('\n');
    expect(messages).toMatch(/defineAgent\("broken"\): description: must say in a sentence/);
    expect(messages).toMatch(/exports no agent/);
  });

  it('answers agent_not_found with the closest ids', async () => {
    const registry = await loadAgentRegistry({ directories: [{ path: shippedRosterDirectory, origin: 'shipped' }] });
    expect(() => registry.get('chatt')).toThrow(expect.objectContaining({ code: 'agent_not_found', details: { closest: ['chat'] } }));
  });
});
