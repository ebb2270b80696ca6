import { afterEach, describe, expect, it } from 'vitest';
import { runChatCli } from '../support/chat-console.ts';
import { parseJsonOutput, runCli } from '../support/cli.ts';
import { useFakeModelHome } from '../support/fake-model-home.ts';

type OpenAIMessage = { role: string; content: unknown };

// Messages whose routing does not depend on how the shipped roster grows: samples of their agents
// word for word, and a follow-up no agent is confident about (it stays with the active agent).
const translateRequest = 'translate this to German';
const jokeRequest = 'tell me a joke about databases';
const rememberRequest = 'remember that my passport expires in March';
const followUp = 'thanks! and then?';
const translation = JSON.stringify({ translation: 'Übersetze das ins Deutsche', targetLanguage: 'German' });

describe('nova chat and nova sessions', () => {
  const fixture = useFakeModelHome();
  afterEach(() => expect(fixture.server.pendingResponses()).toBe(0));

  async function onlySessionId(): Promise<string> {
    const listed = parseJsonOutput(await runCli(['sessions', 'list', '--json'], fixture.env));
    const sessions = listed['sessions'] as Array<{ id: string }>;
    expect(sessions).toHaveLength(1);
    return sessions[0]!.id;
  }

  it('`nova` alone prints the help and exits 0 when stdin is no terminal; help and unknown commands behave as before', async () => {
    const alone = await runCli([], fixture.env);
    expect(alone.exitCode).toBe(0);
    expect(alone.stdout).toMatch(/^Usage: nova/);
    expect(alone.stdout).toMatch(/\n {2}chat \[options\]/);
    expect(alone.stdout).toMatch(/\n {2}sessions/);
    expect((await runCli(['--help'], fixture.env)).exitCode).toBe(0);
    const unknown = await runCli(['frobnicate'], fixture.env);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
  });

  it('`nova` alone at a terminal opens the conversation', async () => {
    fixture.server.enqueue({ text: ['Why did ', 'the database ', 'break up?'] });
    const result = await runChatCli([], fixture.env, [jokeRequest, '/exit'], { interactive: true });
    expect(result.exitCode).toBe(0);
    expect(result.prompts).toEqual(['nova> ', 'chat> ']);
    expect(result.stderr).toMatch(/^Nova · each message goes to the right agent · \/help for commands · Ctrl-D to leave\n/);
    expect(result.stderr).toMatch(/→ chat \(confidence (0\.[6-9]\d|1\.00)\)/);
    expect(result.stdout).toBe('Why did the database break up?\n');
  });

  it('shows the switch, keeps the agent for the follow-up, lists the runs, and says how to resume', async () => {
    fixture.server.enqueue({ text: translation }, { text: translation });
    const result = await runChatCli(['chat'], fixture.env, [translateRequest, followUp, '/runs', '/bogus']);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(/^New session ses_[0-9a-z]{26}\n→ translator \(confidence (0\.\d\d|1\.00)\)\n/);
    expect(result.stderr.match(/→/g)).toHaveLength(1);
    expect(result.stdout).toContain('"translation": "Übersetze das ins Deutsche"');
    expect(result.stdout).toMatch(/#\s+RUN\s+AGENT\s+STATUS\s+MESSAGE\n1\s+run_\S+\s+translator\s+succeeded\s+translate this to German\n2\s+run_\S+\s+translator\s+succeeded\s+thanks! and then\?\n/);
    expect(result.stderr).toContain('error[input_invalid]: Unknown command /bogus');
    const sessionId = await onlySessionId();
    expect(result.stderr).toContain(`session ${sessionId} · resume with: nova chat --session ${sessionId}\n`);
  });

  it('resumes a session with --session: the model receives the earlier turns; sessions list and show tell the story', async () => {
    fixture.server.enqueue({ text: translation });
    await runChatCli(['chat'], fixture.env, [translateRequest]);
    const sessionId = await onlySessionId();

    fixture.server.enqueue({ text: JSON.stringify({ translation: 'Danke', targetLanguage: 'German' }) }, { text: 'Here is another.' });
    const resumed = await runChatCli(['chat', '--session', sessionId], fixture.env, [followUp, `@chat ${jokeRequest}`]);
    expect(resumed.exitCode).toBe(0);
    expect(resumed.stderr).toMatch(new RegExp(`^Resumed session ${sessionId} "translate this to German" · 1 turn\\(s\\) · active agent translator\\n`));
    expect(resumed.stderr).toContain('→ chat (addressed)');
    // The chat agent's request: the whole conversation so far, then the message without its address.
    const last = fixture.server.requests.at(-1)?.body as { messages: OpenAIMessage[] };
    expect(last.messages.filter((message) => message.role !== 'system').map((message) => [message.role, message.content])).toEqual([
      ['user', translateRequest],
      ['assistant', translation],
      ['user', followUp],
      ['assistant', JSON.stringify({ translation: 'Danke', targetLanguage: 'German' })],
      ['user', jokeRequest],
    ]);

    const listed = parseJsonOutput(await runCli(['sessions', 'list', '--json'], fixture.env));
    expect(listed['sessions']).toEqual([
      { id: sessionId, title: translateRequest, activeAgentId: 'chat', createdAt: expect.any(String), updatedAt: expect.any(String), turnCount: 3 },
    ]);
    const human = await runCli(['sessions', 'list'], fixture.env);
    expect(human.stdout).toMatch(new RegExp(`SESSION\\s+UPDATED \\(UTC\\)\\s+TURNS\\s+AGENT\\s+TITLE\\n${sessionId}\\s+\\S+ \\S+\\s+3\\s+chat\\s+translate this to German\\n`));

    const shown = parseJsonOutput(await runCli(['sessions', 'show', sessionId.slice(0, 20), '--json'], fixture.env));
    const turns = shown['turns'] as Array<{ position: number; runId: string; agentId: string; status: string; text: string; answer: string }>;
    expect(turns.map((turn) => [turn.position, turn.agentId, turn.status, turn.text])).toEqual([
      [1, 'translator', 'succeeded', translateRequest],
      [2, 'translator', 'succeeded', followUp],
      [3, 'chat', 'succeeded', jokeRequest],
    ]);
    expect(turns[2]!.answer).toBe('Here is another.');
    const run = parseJsonOutput(await runCli(['runs', 'show', turns[2]!.runId, '--json'], fixture.env));
    expect(run['run']).toMatchObject({ kind: 'chat', agentId: 'chat', status: 'succeeded' });

    const text = await runCli(['sessions', 'show', sessionId], fixture.env);
    expect(text.stdout).toContain(`#3  chat  SUCCEEDED  ${turns[2]!.runId}`);
    expect(text.stdout).toContain('  you: tell me a joke about databases\n  chat: Here is another.\n');
  });

  it('refuses an unknown session or agent with exit 2, and says where to look', async () => {
    const session = await runChatCli(['chat', '--session', 'ses_nothing'], fixture.env, []);
    expect(session.exitCode).toBe(2);
    expect(session.stderr).toContain('error[session_not_found]: No session with id or prefix "ses_nothing"');
    expect(session.stderr).toContain('hint: List sessions with `nova sessions list`.');
    const agent = await runChatCli(['chat', '--agent', 'translatr'], fixture.env, []);
    expect(agent.exitCode).toBe(2);
    expect(agent.stderr).toContain('closest: translator');
    const shown = await runCli(['sessions', 'show', 'nothing', '--json'], fixture.env);
    expect(shown.exitCode).toBe(2);
    expect(parseJsonOutput(shown)['error']).toMatchObject({ code: 'session_not_found' });
    expect((await runCli(['sessions', 'list'], fixture.env)).stdout).toBe('No sessions yet. Start one with `nova chat`.\n');
    // Without any stdin to read (an embedding of Nova that gives none), chat says so.
    const noStdin = await runCli(['chat'], fixture.env);
    expect(noStdin.exitCode).toBe(2);
    expect(noStdin.stderr).toContain('error[input_invalid]: nova chat needs a terminal or lines on stdin');
  });

  it('with no model configured, shows model_not_configured with its hint, and code agents still answer', async () => {
    const result = await runChatCli(['chat'], { NOVA_HOME: fixture.home }, [jokeRequest, rememberRequest, '/runs']);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain('error[model_not_configured]');
    expect(result.stderr).toMatch(/hint: .*NOVA_MODEL/);
    expect(result.stderr).toContain('→ memory (confidence');
    // The failed turn is a chat run like any other: its id is shown with the error and in /runs.
    const listed = /1\s+(run_\S+)\s+chat\s+failed \(model_not_configured\)\s+tell me a joke about databases\n2\s+run_\S+\s+memory\s+succeeded\s+remember that my passport/.exec(result.stdout);
    expect(listed, result.stdout).not.toBeNull();
    expect(result.stderr).toContain(`run: ${listed![1]}`);
    const shown = parseJsonOutput(await runCli(['runs', 'show', listed![1]!, '--json'], { NOVA_HOME: fixture.home }));
    expect(shown['run']).toMatchObject({ kind: 'chat', status: 'failed', error: { code: 'model_not_configured' } });
  });

  it('--json prints one event per line for scripts', async () => {
    fixture.server.enqueue({ text: ['Why did ', 'it break?'] });
    const result = await runChatCli(['chat', '--json'], fixture.env, [jokeRequest, '/switch translator']);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; turn?: { answer: string; streamed: boolean }; to?: string; reason?: string });
    expect(events.map((event) => event.type)).toEqual(['session-start', 'agent-switch', 'turn-end', 'agent-switch']);
    expect(events[2]!.turn).toMatchObject({ answer: 'Why did it break?', streamed: true });
    expect(events[3]).toMatchObject({ to: 'translator', reason: 'command' });
  });
});
