import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseJsonOutput, runCli } from '../support/cli.ts';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../support/fake-openai-server.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';

const novaBin = fileURLToPath(new URL('../../bin/nova.js', import.meta.url));
const jokeRequest = 'tell me a joke about databases';

interface NovaProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
  output: () => string;
  type: (text: string) => void;
}

/** `nova` in a process of its own, as a user starts it: its stdin a pipe, or a terminal (`script` makes one). */
function spawnNova(args: string[], env: Record<string, string>, options: { terminal?: boolean } = {}): NovaProcess {
  const command = options.terminal === true ? ['script', ['-qfec', [process.execPath, novaBin, ...args].join(' '), '/dev/null']] as const : [process.execPath, [novaBin, ...args]] as const;
  const child = spawn(command[0], [...command[1]], { env: { PATH: process.env['PATH'] ?? '', TERM: 'dumb', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => resolve(code));
  });
  return { child, exited, output: () => output, type: (text) => child.stdin?.write(text) };
}

async function waitFor(condition: () => boolean, what: string, output?: () => string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${output === undefined ? '' : `; output so far:\n${output()}`}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

// Processes started here wait on their output, with limits a loaded 2-core machine still meets.
describe('nova chat in a process of its own', { timeout: 240_000 }, () => {
  let server: FakeOpenAIServer;
  let home: { path: string; remove: () => void };
  let env: Record<string, string>;

  beforeEach(async () => {
    server = await startFakeOpenAIServer();
    home = temporaryDirectory();
    env = { NOVA_HOME: home.path, NOVA_MODEL: 'openai-compatible:fake-model', NOVA_OPENAI_COMPATIBLE_BASE_URL: server.url };
  });
  afterEach(async () => {
    await server.close();
    home.remove();
  });

  it('reads messages from a pipe, one per line, and ends at the end of the input', async () => {
    server.enqueue({ text: 'Why did the database break up?' });
    const nova = spawnNova(['chat'], env);
    nova.type(`${jokeRequest}\n/runs\n`);
    nova.child.stdin?.end();
    expect(await nova.exited).toBe(0);
    expect(nova.output()).toContain('Why did the database break up?\n');
    expect(nova.output()).toMatch(/1\s+run_\S+\s+chat\s+succeeded\s+tell me a joke about databases/);
    expect(nova.output()).toMatch(/→ chat \(confidence/);
  });

  it('`nova` alone with no terminal on stdin prints the help and exits 0 without waiting for input', async () => {
    const nova = spawnNova([], env);
    // stdin stays open: nova must not read it.
    expect(await nova.exited).toBe(0);
    expect(nova.output()).toMatch(/^Usage: nova/);
    nova.child.stdin?.end();
  });

  it('a SIGINT from outside cancels the turn in progress and ends the session with 130', async () => {
    server.enqueue({ text: 'too late', delayMs: 60_000 });
    const nova = spawnNova(['chat'], env);
    nova.type(`${jokeRequest}\n`);
    await waitFor(() => server.requests.length === 1, 'the model call', nova.output);
    nova.child.kill('SIGINT');
    expect(await nova.exited).toBe(130);
    const sessions = parseJsonOutput(await runCli(['sessions', 'list', '--json'], env))['sessions'] as Array<{ id: string }>;
    const shown = parseJsonOutput(await runCli(['sessions', 'show', sessions[0]!.id, '--json'], env));
    expect((shown['turns'] as Array<{ status: string }>).map((turn) => turn.status)).toEqual(['cancelled']);
  });

  it('at a terminal: `nova` alone chats; Ctrl-C cancels the answer being written, clears a typed line, and leaves at an empty prompt', async () => {
    server.enqueue({ text: 'Why did the database break up?' }, { text: 'too late', delayMs: 60_000 });
    const nova = spawnNova([], env, { terminal: true });
    await waitFor(() => nova.output().includes('nova> '), 'the first prompt', nova.output);
    nova.type(`${jokeRequest}\r`);
    await waitFor(() => nova.output().includes('Why did the database break up?'), 'the answer', nova.output);

    nova.type(`another one, ${jokeRequest}\r`);
    await waitFor(() => server.requests.length === 2, 'the second model call', nova.output);
    nova.type('\u0003');
    await waitFor(() => nova.output().includes('cancelled: run_'), 'the cancelled turn', nova.output);

    // Ctrl-C drops what was typed; the session goes on.
    nova.type('half typed\u0003/runs\r');
    const secondRun = /2\s+run_\S+\s+chat\s+cancelled\s+another one, tell me a joke/;
    await waitFor(() => secondRun.test(nova.output()), 'the runs of the session', nova.output);
    expect(nova.output()).toMatch(/1\s+run_\S+\s+chat\s+succeeded\s+tell me a joke about databases/);
    expect(nova.output()).not.toMatch(/half typed\/runs/);

    nova.type('\u0003');
    expect(await nova.exited).toBe(0);
    expect(nova.output()).toMatch(/session ses_\S+ · resume with: nova chat --session ses_/);
    expect(server.requests).toHaveLength(2);
  });
});
