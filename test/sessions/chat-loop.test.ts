import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AgentRegistry } from '../../src/agents/agent-registry.ts';
import { NovaError } from '../../src/core/errors.ts';
import { ScriptedModel } from '../../src/models/testing.ts';
import { openRouter } from '../../src/router/open-router.ts';
import { openNova, type Nova } from '../../src/app/nova.ts';
import type { ChatEvent } from '../../src/sessions/chat-events.ts';
import { ChatLoop, type OpenChatOptions } from '../../src/sessions/chat-loop.ts';
import { createSessionRepository } from '../../src/sessions/session-repository.ts';
import { scriptedConsole, type ScriptedLine } from '../support/chat-console.ts';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../support/fake-openai-server.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';
import { loadChatRoster } from './chat-roster.ts';

type OpenAIMessage = { role: string; content: unknown };

/** The messages of the n-th chat completion request the fake server received (from 0). */
function messagesOf(server: FakeOpenAIServer, index: number): OpenAIMessage[] {
  const request = server.requests.filter((entry) => entry.path === '/v1/chat/completions')[index];
  if (request === undefined) throw new Error(`no request #${index}; the server got ${server.requests.length}`);
  return (request.body as { messages: OpenAIMessage[] }).messages;
}

/** The messages after the system prompt, as [role, text]. */
function conversationOf(messages: OpenAIMessage[]): Array<[string, string]> {
  return messages.filter((message) => message.role !== 'system').map((message) => [message.role, typeof message.content === 'string' ? message.content : JSON.stringify(message.content)]);
}

function ofType<Type extends ChatEvent['type']>(events: ChatEvent[], type: Type): Array<Extract<ChatEvent, { type: Type }>> {
  return events.filter((event): event is Extract<ChatEvent, { type: Type }> => event.type === type);
}

describe('the chat loop', () => {
  let server: FakeOpenAIServer;
  let home: { path: string; remove: () => void };
  let nova: Nova;
  let agents: AgentRegistry;

  beforeAll(async () => {
    server = await startFakeOpenAIServer();
  });
  afterAll(async () => server.close());

  async function openWith(env: Record<string, string>): Promise<void> {
    nova = await openNova({ env: { NOVA_HOME: home.path, ...env } });
    agents = await loadChatRoster(home.path);
  }

  async function services(): Promise<OpenChatOptions['services']> {
    const router = await openRouter({ agents: agents.list(), store: nova.store, home: nova.home });
    return { store: nova.store, agents, tools: nova.tools, resolveModel: nova.resolveModel, router, files: nova.files };
  }

  async function chat(lines: readonly ScriptedLine[], options: Partial<Omit<OpenChatOptions, 'services' | 'emit'>> & { interactive?: boolean } = {}) {
    const events: ChatEvent[] = [];
    const { interactive, ...open } = options;
    const loop = await ChatLoop.open({ services: await services(), emit: (event) => events.push(event), ...open });
    const console = scriptedConsole(lines, { interactive: interactive ?? false });
    await loop.run(console);
    return { loop, events, prompts: console.prompts };
  }

  beforeEach(async () => {
    home = temporaryDirectory();
    server.requests.length = 0;
    await openWith({ NOVA_MODEL: 'openai-compatible:fake-model', NOVA_OPENAI_COMPATIBLE_BASE_URL: server.url });
  });
  afterEach(async () => {
    await nova.close();
    home.remove();
  });

  it('routes, streams, keeps the active agent for follow-ups, shows each switch, and sends the history', async () => {
    server.enqueue(
      { text: ['Hello', '! All ', 'good.'] },
      { text: 'Glad to hear it.' },
      { text: 'It plays on relations.' },
      { text: JSON.stringify({ translation: 'Guten Morgen', targetLanguage: 'German' }) },
      { text: JSON.stringify({ translation: 'Buenos días', targetLanguage: 'Spanish' }) },
      { text: '¡Muy buenos días, amigo!' },
      { text: 'You are welcome.' },
    );
    const { loop, events, prompts } = await chat([
      "hi, how's it going",
      // Matches no agent: the active one keeps it.
      'ok',
      // The router decides for explainer (0.59), but chat is a real contender for it (0.31): chat keeps it.
      'explain a joke',
      // The router is sure of translator, and chat is no contender: a switch.
      'translate this to German: good morning',
      // The router is unsure (detector 0.45, translator 0.32): the active translator keeps it.
      'and in Spanish?',
      'now make it sound friendlier',
      '@chat thanks!',
    ]);

    const turns = ofType(events, 'turn-end').map((event) => event.turn);
    expect(turns.map((turn) => [turn.agentId, turn.status])).toEqual([
      ['chat', 'succeeded'],
      ['chat', 'succeeded'],
      ['chat', 'succeeded'],
      ['translator', 'succeeded'],
      ['translator', 'succeeded'],
      ['rewriter', 'succeeded'],
      ['chat', 'succeeded'],
    ]);
    expect(ofType(events, 'agent-switch').map((event) => [event.from, event.to, event.reason])).toEqual([
      [null, 'chat', 'routed'],
      ['chat', 'translator', 'routed'],
      ['translator', 'rewriter', 'routed'],
      ['rewriter', 'chat', 'addressed'],
    ]);
    const toTranslator = ofType(events, 'agent-switch')[1]!;
    expect(toTranslator.confidence).toBeGreaterThanOrEqual(0.9);
    expect(toTranslator.explanation).toContain('takes over from chat');
    expect(prompts).toEqual(['nova> ', 'chat> ', 'chat> ', 'chat> ', 'translator> ', 'translator> ', 'rewriter> ', 'chat> ']);

    // Free text streams; structured answers (the translator's) come whole.
    expect(ofType(events, 'text-delta').slice(0, 3).map((event) => event.text)).toEqual(['Hello', '! All ', 'good.']);
    expect(turns[0]).toMatchObject({ streamed: true, answer: 'Hello! All good.' });
    expect(turns[3]).toMatchObject({ streamed: false, output: { translation: 'Guten Morgen', targetLanguage: 'German' } });
    expect((server.requests[3]?.body as { stream?: boolean }).stream).not.toBe(true);
    expect((server.requests[0]?.body as { stream?: boolean }).stream).toBe(true);

    // The follow-up went to chat with the first exchange before it.
    expect(conversationOf(messagesOf(server, 1))).toEqual([
      ['user', "hi, how's it going"],
      ['assistant', 'Hello! All good.'],
      ['user', 'ok'],
    ]);
    // The rewriter sees what the other agents answered, structured answers as JSON.
    const rewriter = conversationOf(messagesOf(server, 5));
    expect(rewriter).toHaveLength(11);
    expect(rewriter.slice(-3)).toEqual([
      ['user', 'and in Spanish?'],
      ['assistant', '{"translation":"Buenos días","targetLanguage":"Spanish"}'],
      ['user', 'now make it sound friendlier'],
    ]);
    // An address is not part of the message.
    expect(conversationOf(messagesOf(server, 6)).at(-1)).toEqual(['user', 'thanks!']);

    // Each turn is a run of kind chat with the decision journalled; the sticky ones say why they stayed.
    const session = loop.session!;
    const stored = await createSessionRepository(nova.store).turns(session.id);
    expect(stored.map((turn) => turn.agentId)).toEqual(['chat', 'chat', 'chat', 'translator', 'translator', 'rewriter', 'chat']);
    const decisionOf = async (runId: string | null) =>
      (await nova.store.journal.read(runId!)).find((event) => event.type === 'route-decide')?.payload as { agentId: string; method: string; explanation: string };
    expect(await decisionOf(stored[2]!.runId)).toMatchObject({ agentId: 'chat', explanation: expect.stringMatching(/^chat stays active for this follow-up: explainer is confident, but chat's own confidence 0\.\d+ is at least 0\.20/) });
    expect(await decisionOf(stored[4]!.runId)).toMatchObject({ agentId: 'translator', explanation: expect.stringMatching(/^translator stays active for this follow-up: no agent is confident enough/) });
    expect(await decisionOf(stored[6]!.runId)).toMatchObject({ agentId: 'chat', method: 'explicit' });
    expect((await nova.store.runs.get(stored[0]!.runId!))?.kind).toBe('chat');
    expect((await createSessionRepository(nova.store).find(session.id)).activeAgentId).toBe('chat');
  });

  it('makes the agent a conversation was handed over to the active one, and shows it', async () => {
    server.enqueue(
      { toolCalls: [{ name: 'handoff_to_translator', arguments: { task: 'Translate "good morning" into German' } }] },
      { text: JSON.stringify({ translation: 'Guten Morgen', targetLanguage: 'German' }) },
      { text: JSON.stringify({ translation: 'Guten Abend', targetLanguage: 'German' }) },
    );
    const { loop, events } = await chat(['@front-desk please get "good morning" into German', 'ok']);
    expect(ofType(events, 'agent-switch').map((event) => [event.from, event.to, event.reason])).toEqual([
      [null, 'front-desk', 'addressed'],
      ['front-desk', 'translator', 'handoff'],
    ]);
    expect(ofType(events, 'turn-end').map((event) => [event.turn.agentId, event.turn.status, event.turn.output])).toEqual([
      ['translator', 'succeeded', { translation: 'Guten Morgen', targetLanguage: 'German' }],
      ['translator', 'succeeded', { translation: 'Guten Abend', targetLanguage: 'German' }],
    ]);
    expect(loop.activeAgentId).toBe('translator');
    const stored = await createSessionRepository(nova.store).turns(loop.session!.id);
    expect(stored.map((turn) => turn.agentId)).toEqual(['translator', 'translator']);
    expect((await nova.store.runs.get(stored[1]!.runId!))?.agentId).toBe('translator');
  });

  it('runs the slash commands: /switch, /agents, /runs, /help, /new, /exit; unknown ones are shown, not fatal', async () => {
    server.enqueue({ text: 'Why did the database break up? Too many relations.' }, { text: 'A second joke.' });
    const { loop, events } = await chat([
      '/help',
      '/switch translatr',
      '/switch explainer',
      '/agents',
      // An address alone makes the agent active and sends nothing.
      '@rewriter',
      'tell me a joke about databases',
      '/runs',
      '/frobnicate',
      '/new',
      '/runs',
      'tell me a joke about databases',
      '/exit',
      'never read',
    ]);
    expect(ofType(events, 'help')[0]!.commands.map((command) => command.usage)).toContain('/switch <agent>');
    const failures = ofType(events, 'failure').map((event) => event.error);
    expect(failures.map((error) => error.code)).toEqual(['agent_not_found', 'input_invalid']);
    expect(failures[0]!.message).toContain('translator');
    expect(ofType(events, 'agent-list')[0]!.agents.filter((agent) => agent.active).map((agent) => agent.id)).toEqual(['explainer']);

    // The joke then goes to chat, which the router is sure of and the rewriter is no contender for;
    // after /new, chat is routed to afresh.
    expect(ofType(events, 'agent-switch').map((event) => [event.from, event.to, event.reason])).toEqual([
      [null, 'explainer', 'command'],
      ['explainer', 'rewriter', 'addressed'],
      ['rewriter', 'chat', 'routed'],
      [null, 'chat', 'routed'],
    ]);

    const [firstRuns, secondRuns] = ofType(events, 'run-list');
    expect(firstRuns!.turns).toHaveLength(1);
    expect(firstRuns!.turns[0]).toMatchObject({ position: 1, status: 'succeeded', text: 'tell me a joke about databases' });
    expect(secondRuns!.turns).toEqual([]);
    const ended = ofType(events, 'session-end')[0]!;
    const started = ofType(events, 'session-start');
    expect(started.map((event) => event.resumed)).toEqual([false, false]);
    expect(ended.session?.id).toBe(started[0]!.session.id);
    expect(loop.session?.id).toBe(started[1]!.session.id);
    expect(started[1]!.session.id).not.toBe(started[0]!.session.id);
    // The new session starts with no history.
    expect(conversationOf(messagesOf(server, 1))).toEqual([['user', 'tell me a joke about databases']]);
    expect(ofType(events, 'turn-end')).toHaveLength(2);
  });

  it('cancels a turn on Ctrl-C during a slow answer; the session goes on and forgets the cancelled turn', async () => {
    const events: ChatEvent[] = [];
    const loop = await ChatLoop.open({ services: await services(), emit: (event) => events.push(event) });
    server.enqueue(
      () => {
        // Ctrl-C once the model has the request; the answer would take ten seconds.
        setImmediate(() => loop.cancelTurn());
        return { text: 'too late', delayMs: 10_000 };
      },
      { text: 'Here is one.' },
    );
    expect(loop.cancelTurn()).toBe(false);
    await loop.run(scriptedConsole(["hi, how's it going", 'tell me a joke about databases']));

    const turns = ofType(events, 'turn-end').map((event) => event.turn);
    expect(turns.map((turn) => turn.status)).toEqual(['cancelled', 'succeeded']);
    expect(turns[0]!.error?.code).toBe('cancelled');
    expect(turns[1]!.answer).toBe('Here is one.');
    expect(conversationOf(messagesOf(server, 1))).toEqual([['user', 'tell me a joke about databases']]);
    const run = await nova.store.runs.get(turns[0]!.runId);
    expect(run?.status).toBe('cancelled');
    expect(loop.busy).toBe(false);
  });

  it('resumes a session: its active agent and its earlier turns go on, and the model sees them', async () => {
    server.enqueue({ text: 'Hello there.' }, { text: 'Sure, go on.' });
    const first = await chat(["hi, how's it going"]);
    const sessionId = first.loop.session!.id;

    const second = await chat(['ok'], { sessionId: sessionId.slice(0, 22) });
    expect(ofType(second.events, 'session-start')).toEqual([expect.objectContaining({ resumed: true, session: expect.objectContaining({ id: sessionId, activeAgentId: 'chat', turnCount: 1 }) })]);
    expect(ofType(second.events, 'agent-switch')).toEqual([]);
    expect(second.prompts[0]).toBe('chat> ');
    expect(conversationOf(messagesOf(server, 1))).toEqual([
      ['user', "hi, how's it going"],
      ['assistant', 'Hello there.'],
      ['user', 'ok'],
    ]);
    expect((await createSessionRepository(nova.store).find(sessionId)).turnCount).toBe(2);
  });

  it('refuses an unknown session or agent before anything starts', async () => {
    await expect(chat([], { sessionId: 'ses_nothing' })).rejects.toMatchObject({ code: 'session_not_found' });
    await expect(chat([], { agentId: 'nobody' })).rejects.toMatchObject({ code: 'agent_not_found' });
  });

  it('--agent makes an agent active from the start, for a new or a resumed session', async () => {
    server.enqueue({ text: 'A mutex is a lock.' }, { text: 'Hi.' });
    const first = await chat(['ok'], { agentId: 'explainer' });
    expect(ofType(first.events, 'turn-end')[0]!.turn.agentId).toBe('explainer');
    expect(first.prompts[0]).toBe('explainer> ');
    const second = await chat(['ok'], { sessionId: first.loop.session!.id, agentId: 'chat' });
    expect(ofType(second.events, 'turn-end')[0]!.turn.agentId).toBe('chat');
    expect((await createSessionRepository(nova.store).find(first.loop.session!.id)).activeAgentId).toBe('chat');
  });

  it('with the router unsure and no active agent: asks the user to pick at a terminal, fails route_ambiguous elsewhere', async () => {
    const answer = { text: JSON.stringify({ translation: 'y', targetLanguage: 'Spanish' }) };
    server.enqueue(answer, answer);
    const asked = await chat(['and in Spanish?', '2', 'ok'], { interactive: true });
    const unsure = ofType(asked.events, 'route-unsure');
    expect(unsure).toHaveLength(1);
    expect(unsure[0]!.decision.candidates.slice(0, 2).map((candidate) => candidate.agentId)).toEqual(['detector', 'translator']);
    expect(asked.prompts.slice(0, 3)).toEqual(['nova> ', 'Number, agent id, or Enter to skip: ', 'translator> ']);
    expect(ofType(asked.events, 'agent-switch')).toEqual([expect.objectContaining({ from: null, to: 'translator', reason: 'chosen', confidence: unsure[0]!.decision.candidates[1]!.score })]);
    expect(ofType(asked.events, 'turn-end').map((event) => [event.turn.agentId, event.turn.status])).toEqual([
      ['translator', 'succeeded'],
      ['translator', 'succeeded'],
    ]);

    // Enter at the question skips it: the message fails as it would with no one to ask.
    const skipped = await chat(['and in Spanish?', ''], { interactive: true });
    expect(ofType(skipped.events, 'failure').map((event) => event.error.code)).toEqual(['route_ambiguous']);

    const piped = await chat(['zorblax the quux frobnicator', 'and in Spanish?']);
    const failures = ofType(piped.events, 'failure').map((event) => event.error);
    expect(failures.map((error) => error.code)).toEqual(['route_ambiguous', 'route_ambiguous']);
    expect(failures[1]!.message).toMatch(/candidates: detector \(0\.\d\d\), translator \(0\.\d\d\)/);
    const runId = failures[0]!.runId!;
    expect(await nova.store.runs.get(runId)).toMatchObject({ status: 'failed', kind: 'chat' });
    const turns = await createSessionRepository(nova.store).turns(piped.loop.session!.id);
    expect(turns.map((turn) => [turn.runId, turn.answer])).toEqual([
      [runId, null],
      [failures[1]!.runId, null],
    ]);
  });

  it('without a model: model agents fail with model_not_configured, code agents still answer, and the session goes on', async () => {
    await nova.close();
    await openWith({});
    const { events, loop } = await chat(["hi, how's it going", 'what language is this: bonjour', '/runs']);
    const failure = ofType(events, 'failure')[0]!.error;
    expect(failure).toMatchObject({ code: 'model_not_configured', fault: 'user' });
    expect(failure.hint).toContain('NOVA_MODEL');
    const turn = ofType(events, 'turn-end')[0]!.turn;
    expect(turn).toMatchObject({ agentId: 'detector', status: 'succeeded', output: { language: 'fr', text: 'what language is this: bonjour' } });
    // The failed turn is a run of kind chat too, with its run id in the failure and in /runs.
    expect(failure.runId).toMatch(/^run_/);
    expect(await nova.store.runs.get(failure.runId!)).toMatchObject({ kind: 'chat', target: 'chat', status: 'failed', error: { code: 'model_not_configured' } });
    expect(ofType(events, 'run-list')[0]!.turns.map((entry) => [entry.runId, entry.agentId, entry.status, entry.error?.code ?? null])).toEqual([
      [failure.runId, 'chat', 'failed', 'model_not_configured'],
      [turn.runId, 'detector', 'succeeded', null],
    ]);
    expect(loop.activeAgentId).toBe('detector');
    expect(server.requests).toHaveLength(0);
  });

  it('journals every failed turn as a chat run: a model error (provider and scripted), an unknown agent addressed, a router that fails', async () => {
    server.enqueue({ status: 400, error: { message: 'the model refuses this request' } });
    const { events, loop } = await chat(["hi, how's it going", '@translatr say hello in German', '/runs']);
    const [modelFailure] = ofType(events, 'turn-end').map((event) => event.turn);
    expect(modelFailure).toMatchObject({ agentId: 'chat', status: 'failed', error: { code: 'model_error' } });
    const [routeFailure] = ofType(events, 'failure').map((event) => event.error);
    expect(routeFailure).toMatchObject({ code: 'agent_not_found', runId: expect.stringMatching(/^run_/) });
    expect(await nova.store.runs.get(routeFailure!.runId!)).toMatchObject({ kind: 'chat', status: 'failed', agentId: null, error: { code: 'agent_not_found' } });
    expect(ofType(events, 'run-list')[0]!.turns.map((entry) => [entry.runId, entry.status, entry.error?.code])).toEqual([
      [modelFailure!.runId, 'failed', 'model_error'],
      [routeFailure!.runId, 'failed', 'agent_not_found'],
    ]);
    expect(loop.activeAgentId).toBe('chat');

    // A scripted model that fails: the turn's run fails, with its id in /runs.
    const scripted = new ScriptedModel([{ error: new Error('scripted provider failure') }, { error: new Error('scripted provider failure') }, { error: new Error('scripted provider failure') }], { repeat: true });
    const scriptedEvents: ChatEvent[] = [];
    const scriptedLoop = await ChatLoop.open({
      services: { ...(await services()), resolveModel: () => ({ model: scripted, modelString: 'scripted:failing', baseUrl: null, price: undefined }) },
      emit: (event) => scriptedEvents.push(event),
    });
    await scriptedLoop.run(scriptedConsole(["hi, how's it going", '/runs']));
    const [scriptedTurn] = ofType(scriptedEvents, 'turn-end').map((event) => event.turn);
    expect(scriptedTurn).toMatchObject({ status: 'failed', runId: expect.stringMatching(/^run_/) });
    expect(await nova.store.runs.get(scriptedTurn!.runId)).toMatchObject({ kind: 'chat', status: 'failed' });
    expect(ofType(scriptedEvents, 'run-list')[0]!.turns.map((entry) => [entry.runId, entry.status])).toEqual([[scriptedTurn!.runId, 'failed']]);

    // The router itself fails (an embedding provider down, say): the turn is a failed run of its own.
    const router = await openRouter({ agents: agents.list(), store: nova.store, home: nova.home });
    const failing = Object.assign(Object.create(router) as typeof router, {
      route: () => Promise.reject(new NovaError({ code: 'model_error', fault: 'provider', message: 'The embedding provider is down', hint: 'Try again later.' })),
    });
    const failed: ChatEvent[] = [];
    const broken = await ChatLoop.open({ services: { ...(await services()), router: failing }, emit: (event) => failed.push(event) });
    await broken.run(scriptedConsole(['translate hello into German', '/runs']));
    const [down] = ofType(failed, 'failure').map((event) => event.error);
    expect(down).toMatchObject({ code: 'model_error', message: 'The embedding provider is down', runId: expect.stringMatching(/^run_/) });
    expect(await nova.store.runs.get(down!.runId!)).toMatchObject({ kind: 'chat', status: 'failed' });
    expect(ofType(failed, 'run-list')[0]!.turns).toEqual([expect.objectContaining({ runId: down!.runId, status: 'failed', text: 'translate hello into German', error: expect.objectContaining({ code: 'model_error' }) })]);
  });
});
