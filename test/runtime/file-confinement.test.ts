import { mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadAgentRegistry, type AgentRegistry } from '../../src/agents/agent-registry.ts';
import type { AgentDefinition } from '../../src/core/agent-spec.ts';
import { isNovaError } from '../../src/core/errors.ts';
import { FileAccess } from '../../src/core/file-access.ts';
import { createBuiltinHandlers } from '../../src/handlers/index.ts';
import { pathFields } from '../../src/runtime/input-paths.ts';
import { shippedRosterDirectory } from '../../src/app/nova.ts';
import { runAgent } from '../../src/runtime/run-agent.ts';
import type { Store } from '../../src/store/store.ts';
import { makeAgent, temporaryStore, noPipelineRuntime } from '../support/agents.ts';
import { modelByAgent } from '../support/model-by-agent.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';

const secret = 'root:x:0:0:the-secret-line-of-this-test';

describe('FileAccess', () => {
  let inside: { path: string; remove: () => void };
  let outside: { path: string; remove: () => void };
  beforeEach(() => {
    inside = temporaryDirectory('nova-root-');
    outside = temporaryDirectory('nova-outside-');
  });
  afterEach(() => {
    inside.remove();
    outside.remove();
  });

  const resolveWith = (files: FileAccess, path: string) => files.resolve(path, { purpose: 'read', field: 'file', agentId: 'csv-analyst' });
  const refusal = (work: () => unknown) => {
    try {
      work();
    } catch (error) {
      if (isNovaError(error)) return error;
      throw error;
    }
    throw new Error('expected a refusal');
  };

  it('allows paths inside a root, relative ones from the base, and refuses the rest naming the roots and how to add one', () => {
    writeFileSync(join(inside.path, 'data.csv'), 'a\n1\n');
    const files = new FileAccess({ roots: [inside.path], base: inside.path, configFile: '/home/me/.nova/config.yaml' });
    expect(resolveWith(files, 'data.csv')).toBe(join(files.roots[0]!, 'data.csv'));
    expect(resolveWith(files, join(inside.path, 'sub', 'not-yet.csv'))).toBe(join(files.roots[0]!, 'sub', 'not-yet.csv'));
    const error = refusal(() => resolveWith(files, '/etc/passwd'));
    expect(error).toMatchObject({ code: 'tool_not_allowed', fault: 'user', details: { path: '/etc/passwd', roots: files.roots } });
    expect(error.message).toContain(files.roots[0]!);
    expect(error.hint).toContain('files.roots in /home/me/.nova/config.yaml');
    expect(error.hint).toContain('--allow-path /etc/passwd');
    // `..` cannot climb out, and a sibling whose name starts with the root's is not inside it.
    expect(refusal(() => resolveWith(files, join(inside.path, '..', 'elsewhere.csv'))).code).toBe('tool_not_allowed');
    mkdirSync(`${inside.path}-sibling`);
    try {
      expect(refusal(() => resolveWith(files, join(`${inside.path}-sibling`, 'x.csv'))).code).toBe('tool_not_allowed');
    } finally {
      rmSync(`${inside.path}-sibling`, { recursive: true });
    }
  });

  it('resolves symlinks first: a link inside a root to a file outside is refused, also through a linked folder for a new file', () => {
    writeFileSync(join(outside.path, 'shadow'), secret);
    symlinkSync(join(outside.path, 'shadow'), join(inside.path, 'innocent.csv'));
    symlinkSync(outside.path, join(inside.path, 'linked-folder'));
    const files = new FileAccess({ roots: [inside.path] });
    expect(refusal(() => resolveWith(files, join(inside.path, 'innocent.csv'))).details).toMatchObject({ resolvedPath: realpathSync(join(outside.path, 'shadow')) });
    expect(refusal(() => resolveWith(files, join(inside.path, 'linked-folder', 'new-report.md'))).code).toBe('tool_not_allowed');
  });

  it('lets the user allow a path for one run; withoutExplicit takes it back, and denied files stay denied inside a root', () => {
    writeFileSync(join(outside.path, 'mine.csv'), 'a\n1\n');
    writeFileSync(join(inside.path, 'nova.db'), 'store');
    const files = new FileAccess({ roots: [inside.path], denied: [join(inside.path, 'nova.db')] }).withExplicit([join(outside.path, 'mine.csv')]);
    expect(resolveWith(files, join(outside.path, 'mine.csv'))).toContain('mine.csv');
    expect(refusal(() => resolveWith(files.withoutExplicit(), join(outside.path, 'mine.csv'))).code).toBe('tool_not_allowed');
    const denied = refusal(() => resolveWith(files, join(inside.path, 'nova.db')));
    expect(denied.code).toBe('tool_not_allowed');
    expect(denied.message).toContain("Nova's own files");
  });
});

describe('every roster agent that takes a path', () => {
  let registry: AgentRegistry;
  let store: Store;
  let close: () => Promise<void>;
  let root: { path: string; remove: () => void };
  let outside: { path: string; remove: () => void };
  beforeAll(async () => {
    const opened = await temporaryStore();
    try {
      registry = await loadAgentRegistry({ directories: [{ path: shippedRosterDirectory, origin: 'shipped' }], builtinHandlers: createBuiltinHandlers({ store: opened.store, home: '/nowhere', env: {}, pipelineRuntime: noPipelineRuntime }), toolNames: undefined });
    } finally {
      await opened.close();
    }
  });
  beforeEach(async () => {
    ({ store, close } = await temporaryStore());
    root = temporaryDirectory('nova-root-');
    outside = temporaryDirectory('nova-outside-');
    writeFileSync(join(root.path, 'inside.csv'), 'a,b\n1,2\n');
    writeFileSync(join(outside.path, 'secret.csv'), `${secret}\n`);
  });
  afterEach(async () => {
    await close();
    root.remove();
    outside.remove();
  });

  /** An input that passes the agent's schema with `field` set to `path` (the other path fields inside the root). */
  function inputWith(agent: AgentDefinition, field: string, path: string): Record<string, unknown> {
    const others = Object.fromEntries(pathFields(agent).filter((entry) => entry.field !== field && entry.field === 'file').map((entry) => [entry.field, join(root.path, 'inside.csv')]));
    const candidates = [{}, { data: [1] }, { text: 'x' }].map((extra) => ({ ...others, ...extra, [field]: path }));
    const valid = candidates.find((candidate) => agent.inputSchema?.validate(candidate).ok === true);
    if (valid === undefined) throw new Error(`no valid input for ${agent.spec.id} with ${field}`);
    return valid;
  }

  it('refuses a path outside the roots before any run starts (exit 2 at the CLI), and the file never reaches the journal', async () => {
    const covered: string[] = [];
    for (const agent of registry.list()) {
      for (const { field } of pathFields(agent)) {
        const target = field.startsWith('output') ? join(outside.path, 'report.md') : join(outside.path, 'secret.csv');
        const run = runAgent({ agent, input: inputWith(agent, field, target), store, files: new FileAccess({ roots: [root.path] }) });
        await expect(run, `${agent.spec.id}.${field}`).rejects.toMatchObject({ code: 'tool_not_allowed', fault: 'user', details: { field } });
        covered.push(`${agent.spec.id}.${field}`);
      }
    }
    expect(covered).toEqual(expect.arrayContaining(['csv-analyst.file', 'data-validator.file', 'data-validator.schemaFile', 'log-triage.file', 'language-detector.file', 'airep-checker.file', 'report-builder.file', 'report-builder.outputFile', 'expense-coder.file']));
    expect(await store.runs.list({ limit: 100 })).toEqual([]);
  });

  it('a path the user allowed for the run works for that agent, but not for an agent it delegates to', async () => {
    const reader = makeAgent(
      { id: 'file-reader', engine: 'code', input: { type: 'object', properties: { text: { type: 'string' }, file: { type: 'string', format: 'path' } }, required: ['file'] } },
      async (input) => ({ text: readFileSync((input as { file: string }).file, 'utf8') }),
    );
    const allowed = new FileAccess({ roots: [root.path] }).withExplicit([join(outside.path, 'secret.csv')]);
    const direct = await runAgent({ agent: reader, input: { file: join(outside.path, 'secret.csv') }, store, files: allowed });
    expect(direct.output).toEqual({ text: `${secret}\n` });

    const front = makeAgent({ id: 'front', instructions: 'You are front.', delegates: ['file-reader'] });
    const models = modelByAgent({
      front: [{ toolCalls: [{ toolName: 'delegate_to_file_reader', input: { task: 'read it', facts: { file: join(outside.path, 'secret.csv') } } }] }, { text: 'I could not read it.' }],
    });
    const byId = new Map([[front.spec.id, front], [reader.spec.id, reader]]);
    const delegated = await runAgent({ agent: front, input: { text: 'read the secret' }, store, files: allowed, resolveModel: models.resolveModel, findAgent: (id) => byId.get(id) });
    expect(delegated.warnings).toEqual([expect.objectContaining({ code: 'delegate_failed', message: expect.stringContaining('tool_not_allowed') })]);
    const journal = JSON.stringify(await store.journal.read(delegated.runId));
    expect(journal).not.toContain('the-secret-line-of-this-test');
  });
});
