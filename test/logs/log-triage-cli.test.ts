import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadAgentRegistry } from '../../src/agents/agent-registry.ts';
import { createBuiltinHandlers } from '../../src/handlers/index.ts';
import { shippedRosterDirectory } from '../../src/app/nova.ts';
import { temporaryStore, noPipelineRuntime } from '../support/agents.ts';
import { parseJsonOutput, runCli } from '../support/cli.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/logs/${name}`, import.meta.url));

describe('nova run log-triage', () => {
  let home: { path: string; remove: () => void };
  let env: Record<string, string>;
  beforeEach(() => {
    home = temporaryDirectory();
    env = { NOVA_HOME: home.path };
  });
  afterEach(() => home.remove());

  it('is a code agent of the pipeline category with schemas and at least five samples', async () => {
    const { store, close } = await temporaryStore();
    try {
      const registry = await loadAgentRegistry({ directories: [{ path: shippedRosterDirectory, origin: 'shipped' }], builtinHandlers: createBuiltinHandlers({ store, home: home.path, env, pipelineRuntime: noPipelineRuntime }), toolNames: undefined });
      expect(registry.issues.filter((issue) => issue.agentId === 'log-triage')).toEqual([]);
      const agent = registry.get('log-triage');
      expect(agent.spec).toMatchObject({ category: 'pipeline', engine: 'code', handler: 'triage-logs' });
      expect(agent.spec.samples).toEqual(expect.arrayContaining(['triage errors in app.log', "what are the top failures in last night's logs", 'group these stack traces']));
      expect(agent.spec.samples.length).toBeGreaterThanOrEqual(5);
      expect(agent.outputSchema).toBeDefined();
    } finally {
      await close();
    }
  });

  it('triages a file given with --file and prints the signatures as JSON', async () => {
    const result = await runCli(['run', 'log-triage', '--file', fixture('app.log'), '--input', '{"top": 2}', '--json'], env);
    const json = parseJsonOutput(result);
    expect(result.exitCode).toBe(0);
    expect(json).toMatchObject({ status: 'succeeded', error: null, warnings: [] });
    const output = json['output'] as { signatures: Array<{ signature: string; count: number }>; summary: { signatures: number; shown: number } };
    expect(output.signatures.map((signature) => [signature.signature, signature.count])).toEqual([
      ['c.e.Payments - Connection to <*> refused', 3],
      ['c.e.OrderService - Failed to load order <NUM> for user <EMAIL>', 2],
    ]);
    expect(output.summary).toMatchObject({ signatures: 4, shown: 2 });
  });

  it('takes the log as text in --input, with levels and since', async () => {
    const text = ['2024-05-01T10:00:00Z WARN disk at 91%', '2024-05-01T11:00:00Z WARN disk at 95%', '2024-05-01T11:30:00Z ERROR disk full'].join('\n');
    const json = parseJsonOutput(await runCli(['run', 'log-triage', '--input', JSON.stringify({ text, levels: ['WARN'], since: '2024-05-01T10:30:00Z' }), '--json'], env));
    expect(json['output']).toMatchObject({ signatures: [{ signature: 'disk at <NUM>%', count: 1, level: 'WARN' }], summary: { beforeSince: 1, matched: 1, since: '2024-05-01T10:30:00.000Z' } });
  });

  it('warns when nothing matched the levels, saying what the log has', async () => {
    const json = parseJsonOutput(await runCli(['run', 'log-triage', '--input', JSON.stringify({ text: '2024-05-01T10:00:00Z INFO all good\n2024-05-01T10:00:01Z WARN slow' }), '--json'], env));
    expect(json['status']).toBe('succeeded');
    expect(json['warnings']).toEqual([{ code: 'no_matching_entries', message: 'None of the 2 entries matched levels FATAL, ERROR (the log has 1 WARN, 1 INFO); pass "levels" to widen the search' }]);
  });

  it('fails precisely on a missing file, an unreadable encoding, a bad since and an unknown level', async () => {
    const missing = await runCli(['run', 'log-triage', '--file', join(home.path, 'nope.log'), '--json'], env);
    expect(missing.exitCode).toBe(2);
    expect(parseJsonOutput(missing)).toMatchObject({ runId: null, error: { code: 'input_invalid', message: `log-triage: file ${join(home.path, 'nope.log')} does not exist` } });

    const binary = join(home.path, 'binary.log');
    writeFileSync(binary, Buffer.from([0x32, 0x30, 0x32, 0x34, 0x0a, 0xff, 0xfe, 0x00, 0x41]));
    expect(parseJsonOutput(await runCli(['run', 'log-triage', '--file', binary, '--json'], env))['error']).toMatchObject({
      code: 'input_invalid',
      message: `The log file ${binary} is not UTF-8 text at byte 5 (line 2, column 1): byte 0xff cannot start a UTF-8 character`,
    });

    const since = parseJsonOutput(await runCli(['run', 'log-triage', '--file', fixture('app.log'), '--input', '{"since": "last tuesday"}', '--json'], env));
    expect(since['error']).toMatchObject({ code: 'input_invalid', message: 'since must be an ISO-8601 date or date-time, or a duration; got "last tuesday"' });

    const level = parseJsonOutput(await runCli(['run', 'log-triage', '--file', fixture('app.log'), '--input', '{"levels": ["LOUD"]}', '--json'], env));
    expect(level['error']).toMatchObject({ code: 'input_invalid', message: 'Unknown log level "LOUD" in levels' });

    const neither = await runCli(['run', 'log-triage', '--input', '{"top": 3}', '--json'], env);
    expect(neither.exitCode).toBe(2);
    expect(parseJsonOutput(neither)['error']).toMatchObject({ code: 'input_invalid' });
  });
});
