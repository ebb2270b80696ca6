import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../support/fake-openai-server.ts';
import { parseJsonOutput, runCli } from '../support/cli.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';

const novaBin = fileURLToPath(new URL('../../bin/nova.js', import.meta.url));

/** The real `nova` executable, as a user starts it, in its own process. */
function spawnNova(args: string[], env: Record<string, string>): { child: ChildProcess; exited: Promise<number | null>; output: () => string } {
  const child = spawn(process.execPath, [novaBin, ...args], { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

// Processes started here wait on their output, with limits a loaded 2-core machine still meets.
describe('a run whose process dies or is interrupted', { timeout: 240_000 }, () => {
  let server: FakeOpenAIServer;
  let home: { path: string; remove: () => void };
  let env: Record<string, string>;

  beforeEach(async () => {
    // The model never answers in time: the run is mid-call when its process is killed.
    server = await startFakeOpenAIServer({ defaultResponse: { text: 'too late', delayMs: 60_000 } });
    home = temporaryDirectory();
    env = { NOVA_HOME: home.path, NOVA_MODEL: 'openai-compatible:fake-model', NOVA_OPENAI_COMPATIBLE_BASE_URL: server.url };
  });
  afterEach(async () => {
    await server.close();
    home.remove();
  });

  it('is read as interrupted, with its journal intact, after kill -9', async () => {
    const nova = spawnNova(['run', 'chat', 'hello'], env);
    await waitFor(() => server.requests.length === 1, 'the model call');
    nova.child.kill('SIGKILL');
    await nova.exited;

    const listed = parseJsonOutput(await runCli(['runs', 'list', '--status', 'interrupted', '--json'], env));
    const runs = listed['runs'] as Array<{ id: string; status: string; agentId: string }>;
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'interrupted', agentId: 'chat' });

    const shown = parseJsonOutput(await runCli(['runs', 'show', runs[0]!.id, '--json'], env));
    expect((shown['run'] as { status: string }).status).toBe('interrupted');
    expect((shown['events'] as Array<{ type: string }>).map((event) => event.type)).toEqual(['run-start', 'agent-start', 'model-call']);
    const human = await runCli(['runs', 'show', runs[0]!.id], env);
    expect(human.stdout).toMatch(/INTERRUPTED/);
    expect(human.stdout).toMatch(/interrupted: its process \(pid \d+ on .+\) ended before the run did; the last event was #3 model-call/);
  });

  it('ends cancelled on Ctrl-C (SIGINT), exits 130, and the journal says so', async () => {
    const nova = spawnNova(['run', 'chat', 'hello', '--json'], env);
    await waitFor(() => server.requests.length === 1, 'the model call');
    nova.child.kill('SIGINT');
    expect(await nova.exited).toBe(130);
    const printed = JSON.parse(nova.output().slice(nova.output().indexOf('{'))) as { runId: string; status: string; error: { code: string } };
    expect(printed).toMatchObject({ status: 'cancelled', error: { code: 'cancelled' } });
    const shown = parseJsonOutput(await runCli(['runs', 'show', printed.runId, '--json'], env));
    const events = shown['events'] as Array<{ type: string; payload: { status?: string } }>;
    expect(events.at(-1)).toMatchObject({ type: 'run-end', payload: { status: 'cancelled' } });
  });
});

