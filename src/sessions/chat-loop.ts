import type { Clock } from '../core/clock.ts';
import { NovaError, toNovaError } from '../core/errors.ts';
import type { RouteDecision } from '../core/route-decision.ts';
import { agentConfidence, chooseTurnAgent, defaultStayConfidence, type TurnAgent } from './active-agent.ts';
import { chatCommandHelp, parseChatLine, type ChatCommand } from './chat-commands.ts';
import type { ChatEvent, SwitchReason, TurnListing } from './chat-events.ts';
import { pickedAgent, recordAmbiguousTurn, recordFailedTurn, runChatTurn, type ChatServices, type TurnContext } from './chat-turn.ts';
import { defaultHistoryLimits, type HistoryLimits } from './conversation-history.ts';
import { createSessionRepository, type SessionRepository } from './session-repository.ts';
import { sessionTitle, type Session } from './session.ts';
import { listTurns } from './turn-listing.ts';

/** Where the loop reads what the user types; the terminal, a pipe, or a test's script. */
export interface ChatInput {
  /** The next line, or null at the end of input (Ctrl-D, the end of a pipe, Ctrl-C at an empty prompt). */
  readLine(prompt: string): Promise<string | null>;
  /** A person is there to answer questions (pick an agent when the router is unsure). */
  readonly interactive: boolean;
}

export interface OpenChatOptions {
  services: ChatServices;
  /** Receives everything the loop has to show, in order. */
  emit: (event: ChatEvent) => void;
  /** Resume this session (id or unique prefix). */
  sessionId?: string;
  /** Make this agent the active one from the start. */
  agentId?: string;
  history?: HistoryLimits;
  /** See `defaultStayConfidence`. */
  stayConfidence?: number;
  _internal?: { clock?: Clock };
}

type LineResult = 'continue' | 'exit';

const noInput: ChatInput = { interactive: false, readLine: () => Promise.resolve(null) };

/**
 * A conversation: reads lines, runs slash commands, routes each message (keeping the active agent for
 * follow-ups, see `chooseTurnAgent`) and runs it as a turn of the session. It knows nothing of
 * terminals: input comes from a `ChatInput`, output goes out as `ChatEvent`s, and the front end calls
 * `cancelTurn()` on Ctrl-C. No failure of a turn or a command ends the loop; it is shown and the
 * conversation goes on.
 */
export class ChatLoop {
  readonly #services: ChatServices;
  #input: ChatInput = noInput;
  readonly #emit: (event: ChatEvent) => void;
  readonly #sessions: SessionRepository;
  readonly #history: HistoryLimits;
  readonly #stayConfidence: number;
  #session: Session | null;
  #activeAgentId: string | null;
  #turn: AbortController | undefined;

  private constructor(options: OpenChatOptions, sessions: SessionRepository, session: Session | null, activeAgentId: string | null) {
    this.#services = options.services;
    this.#emit = options.emit;
    this.#sessions = sessions;
    this.#history = options.history ?? defaultHistoryLimits;
    this.#stayConfidence = options.stayConfidence ?? defaultStayConfidence;
    this.#session = session;
    this.#activeAgentId = activeAgentId;
  }

  /**
   * Opens a conversation: resumes `sessionId` (`session_not_found` if there is none) with its active
   * agent, or prepares a new session, created in the store with its first message. `agentId` must name
   * an agent (`agent_not_found`) and becomes the active one.
   */
  static async open(options: OpenChatOptions): Promise<ChatLoop> {
    const sessions = createSessionRepository(options.services.store, options._internal?.clock === undefined ? {} : { clock: options._internal.clock });
    if (options.agentId !== undefined) options.services.agents.get(options.agentId);
    let session = options.sessionId === undefined ? null : await sessions.find(options.sessionId);
    if (session !== null && options.agentId !== undefined && options.agentId !== session.activeAgentId) {
      await sessions.setActiveAgent(session.id, options.agentId);
      session = { ...session, activeAgentId: options.agentId };
    }
    return new ChatLoop(options, sessions, session, options.agentId ?? session?.activeAgentId ?? null);
  }

  /** The session in use; null until the first message of a new one. */
  get session(): Session | null {
    return this.#session;
  }

  get activeAgentId(): string | null {
    return this.#activeAgentId;
  }

  /** The prompt for the next line: the active agent, or `nova` when none is. */
  get prompt(): string {
    return `${this.#activeAgentId ?? 'nova'}> `;
  }

  /** Reads and handles lines until the input ends or the user leaves. */
  async run(input: ChatInput): Promise<void> {
    this.#input = input;
    if (this.#session !== null) this.#emit({ type: 'session-start', session: this.#session, resumed: true });
    for (;;) {
      const line = await this.#input.readLine(this.prompt);
      if (line === null || (await this.handleLine(line)) === 'exit') return;
    }
  }

  /**
   * Handles one typed line: a command or a message. Failures are shown as `failure` events, never
   * thrown. Questions (which agent?) go to the input of `run`; with none, nobody is asked.
   */
  async handleLine(line: string): Promise<LineResult> {
    try {
      const parsed = parseChatLine(line);
      if (parsed.kind === 'empty') return 'continue';
      if (parsed.kind === 'command') return await this.#command(parsed.command);
      await this.#message(parsed.text);
    } catch (error) {
      this.#emit({ type: 'failure', error: toNovaError(error).toJSON() });
    }
    return 'continue';
  }

  /** Cancels the turn in progress (Ctrl-C); false when no turn is running. The session goes on. */
  cancelTurn(): boolean {
    if (this.#turn === undefined || this.#turn.signal.aborted) return false;
    this.#turn.abort(new NovaError({ code: 'cancelled', fault: 'user', message: 'Turn cancelled by the user', hint: 'Send the message again when you want it.' }));
    return true;
  }

  /** Whether a turn is running (Ctrl-C cancels it rather than leaving). */
  get busy(): boolean {
    return this.#turn !== undefined;
  }

  async #command(command: ChatCommand): Promise<LineResult> {
    switch (command.name) {
      case 'exit':
        return 'exit';
      case 'help':
        this.#emit({ type: 'help', commands: chatCommandHelp });
        return 'continue';
      case 'agents':
        this.#emit({
          type: 'agent-list',
          agents: this.#services.agents.list().map((agent) => ({
            id: agent.spec.id,
            name: agent.spec.name,
            category: agent.spec.category,
            engine: agent.spec.engine,
            description: agent.spec.description,
            active: agent.spec.id === this.#activeAgentId,
          })),
        });
        return 'continue';
      case 'switch':
        this.#services.agents.get(command.agentId);
        await this.#activate(command.agentId, 'command', null, null, `${command.agentId} was made active with /switch.`);
        return 'continue';
      case 'runs':
        this.#emit({ type: 'run-list', session: this.#session, turns: await this.#turnListings() });
        return 'continue';
      case 'new':
        this.#emit({ type: 'session-end', session: this.#session });
        this.#session = null;
        this.#activeAgentId = null;
        return 'continue';
    }
  }

  async #message(message: string): Promise<void> {
    const controller = new AbortController();
    this.#turn = controller;
    try {
      const chosen = await this.#chooseAgent(message, controller.signal);
      if (chosen === undefined) return;
      const { context, agentId, decision, text } = chosen;
      const answeredBy = await runChatTurn(context, { agentId, text, decision, signal: controller.signal });
      if (answeredBy !== agentId) await this.#activate(answeredBy, 'handoff', null, null, `${agentId} handed the conversation over to ${answeredBy}.`);
    } finally {
      this.#turn = undefined;
    }
  }

  /**
   * Routes a message to the agent that takes it (switching to it when that changes the active agent).
   * Undefined when nothing is left to run: an address alone, or a message no agent took. A failure on
   * the way (the router failed, an unknown agent addressed, Ctrl-C) is journalled as a failed `chat`
   * run of the turn, so it has a run id like every other turn.
   */
  async #chooseAgent(message: string, signal: AbortSignal): Promise<{ context: TurnContext; agentId: string; decision: RouteDecision; text: string } | undefined> {
    let text = message;
    let decision: RouteDecision | null = null;
    let agentId: string | null = null;
    try {
      const routed = await this.#services.router.route(message, { signal });
      ({ decision, text } = routed);
      // "@translator" alone makes it active without sending anything.
      if (decision.method === 'explicit' && decision.agentId !== null && text === '') {
        await this.#activate(decision.agentId, 'addressed', 1, 'explicit', decision.explanation);
        return undefined;
      }
      const context = await this.#turnContext(text);
      const active = this.#activeAgentId;
      let choice: TurnAgent = chooseTurnAgent({
        decision,
        activeAgentId: active,
        activeConfidence: active === null ? 0 : agentConfidence(this.#services.router, this.#services.agents.list().length, text, active),
        stayConfidence: this.#stayConfidence,
      });
      let reason: SwitchReason = decision.method === 'explicit' ? 'addressed' : 'routed';
      if (choice.kind === 'unsure') {
        const picked = await this.#askToPick(choice.decision);
        if (picked === undefined) {
          await recordAmbiguousTurn(context, text, choice.decision, active);
          return undefined;
        }
        choice = { kind: 'agent', agentId: picked.agentId, switched: true, decision: picked.decision };
        reason = 'chosen';
      }
      agentId = choice.agentId;
      decision = choice.decision;
      if (choice.switched) {
        const confidence = reason === 'chosen' ? (choice.decision.candidates.find((candidate) => candidate.agentId === choice.agentId)?.score ?? null) : choice.decision.confidence;
        await this.#activate(choice.agentId, reason, confidence, choice.decision.method, choice.decision.explanation);
      }
      return { context, agentId: choice.agentId, decision: choice.decision, text };
    } catch (error) {
      const context = await this.#turnContext(text === '' ? message : text);
      await recordFailedTurn(context, { text: text === '' ? message : text, agentId, decision, activeAgentId: this.#activeAgentId }, error);
      return undefined;
    }
  }

  /** The session for a message, created with it when this is the first of a new session. */
  async #turnContext(text: string): Promise<TurnContext> {
    if (this.#session === null) {
      this.#session = await this.#sessions.create({ activeAgentId: this.#activeAgentId, title: sessionTitle(text) });
      this.#emit({ type: 'session-start', session: this.#session, resumed: false });
    }
    return { services: this.#services, sessions: this.#sessions, session: this.#session, history: this.#history, emit: this.#emit };
  }

  async #askToPick(decision: RouteDecision): Promise<{ agentId: string; decision: RouteDecision } | undefined> {
    if (!this.#input.interactive || decision.candidates.length === 0) return undefined;
    this.#emit({ type: 'route-unsure', decision });
    const answer = await this.#input.readLine('Number, agent id, or Enter to skip: ');
    const agentId = answer === null ? undefined : pickedAgent(answer, decision, this.#services.agents);
    if (agentId === undefined) return undefined;
    return { agentId, decision: { ...decision, agentId, method: 'explicit', explanation: `${agentId} was chosen by the user among the candidates. ${decision.explanation}` } };
  }

  async #activate(agentId: string, reason: SwitchReason, confidence: number | null, method: RouteDecision['method'] | null, explanation: string): Promise<void> {
    const from = this.#activeAgentId;
    this.#activeAgentId = agentId;
    if (this.#session !== null && this.#session.activeAgentId !== agentId) {
      await this.#sessions.setActiveAgent(this.#session.id, agentId);
      this.#session = { ...this.#session, activeAgentId: agentId };
    }
    this.#emit({ type: 'agent-switch', from, to: agentId, reason, confidence, method, explanation });
  }

  async #turnListings(): Promise<TurnListing[]> {
    return this.#session === null ? [] : listTurns(this.#services.store, this.#sessions, this.#session.id);
  }
}
