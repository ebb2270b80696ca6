import type { Command } from 'commander';
import { NovaError } from '../../core/errors.ts';
import type { Nova } from '../../app/nova.ts';
import type { ChatEvent } from '../../sessions/chat-events.ts';
import { ChatLoop } from '../../sessions/chat-loop.ts';
import { exitCodes, type CliIo } from '../cli-io.ts';
import type { CommandContext } from '../command-context.ts';
import { formatError } from '../render-error.ts';
import { clip, table } from '../render-table.ts';
import { renderOutput } from '../output-renderers/render-output.ts';
import { routerFor } from './route-command.ts';

export interface ChatCommandOptions {
  session: string | undefined;
  agent: string | undefined;
  json: boolean;
}

/**
 * `nova chat [--session <id>] [--agent <id>] [--json]`, and `nova` alone at a terminal: a
 * conversation on stdin until Ctrl-D, `/exit`, or Ctrl-C at an empty prompt. Exits 0 however its
 * turns went (each failure is shown and the conversation goes on); 2 when the session or the agent
 * asked for does not exist; 130 when a SIGINT from outside the terminal's keys ended it.
 */
export async function chatCommand(nova: Nova, options: ChatCommandOptions, io: CliIo): Promise<number> {
  if (io.openLineConsole === undefined) {
    throw new NovaError({ code: 'input_invalid', fault: 'user', message: 'nova chat needs a terminal or lines on stdin', hint: 'Run it in a terminal, or pipe the messages in, one per line.' });
  }
  const router = await routerFor(nova);
  const render = options.json ? (event: ChatEvent) => renderJson(event, io) : chatRenderer(io);
  // Opened first, so that a missing session or agent is reported before the terminal is taken over.
  const loop = await ChatLoop.open({
    services: { store: nova.store, agents: nova.agents, tools: nova.tools, resolveModel: nova.resolveModel, router, files: nova.files },
    emit: render,
    ...(options.session === undefined ? {} : { sessionId: options.session }),
    ...(options.agent === undefined ? {} : { agentId: options.agent }),
  });
  // Ctrl-C before the conversation took the terminal: nothing to start.
  if (io.interrupt.aborted) return exitCodes.cancelled;
  const lineConsole = io.openLineConsole();
  lineConsole.onInterrupt(() => loop.cancelTurn());
  // A SIGINT from outside (a pipe's producer, `kill -INT`): stop the turn and leave.
  const onInterrupt = () => {
    loop.cancelTurn();
    lineConsole.close();
  };
  io.interrupt.addEventListener('abort', onInterrupt, { once: true });
  try {
    if (!options.json && lineConsole.interactive) {
      io.stderr(`Nova · ${loop.activeAgentId === null ? 'each message goes to the right agent' : `talking with ${loop.activeAgentId}`} · /help for commands · Ctrl-D to leave\n`);
    }
    await loop.run(lineConsole);
  } finally {
    io.interrupt.removeEventListener('abort', onInterrupt);
    lineConsole.close();
  }
  const session = loop.session;
  if (session !== null && !options.json) io.stderr(`session ${session.id} · resume with: nova chat --session ${session.id}\n`);
  // Ended by a signal from outside (not a key at the prompt): report it as shells expect.
  return io.interrupt.aborted ? exitCodes.cancelled : exitCodes.ok;
}

/** Events as people read them: answers on stdout, everything about them on stderr. */
function chatRenderer(io: CliIo): (event: ChatEvent) => void {
  return (event) => {
    switch (event.type) {
      case 'session-start':
        if (event.resumed) {
          const active = event.session.activeAgentId === null ? '' : ` · active agent ${event.session.activeAgentId}`;
          io.stderr(`Resumed session ${event.session.id}${event.session.title === null ? '' : ` "${event.session.title}"`} · ${event.session.turnCount} turn(s)${active}\n`);
        } else {
          io.stderr(`New session ${event.session.id}\n`);
        }
        return;
      case 'session-end':
        io.stderr(event.session === null ? 'New session: the next message starts it.\n' : `Left session ${event.session.id}; the next message starts a new one.\n`);
        return;
      case 'agent-switch':
        io.stderr(`→ ${event.to} (${switchDetail(event)})\n`);
        return;
      case 'route-unsure':
        io.stderr(`${event.decision.explanation}\nWhich agent should take this?\n`);
        event.decision.candidates.forEach((candidate, index) => io.stderr(`  ${index + 1}. ${candidate.agentId} (${candidate.score.toFixed(2)})\n`));
        return;
      case 'text-delta':
        io.stdout(event.text);
        return;
      case 'turn-end': {
        const { turn } = event;
        if (turn.streamed) io.stdout('\n');
        else if (turn.status === 'succeeded') io.stdout(`${renderOutput(turn.output, turn.agentId)}\n`);
        for (const warning of turn.warnings) io.stderr(`warning[${warning.code}]: ${warning.message}\n`);
        if (turn.error !== null && turn.status !== 'cancelled') io.stderr(formatError(turn.error));
        if (turn.status === 'cancelled') io.stderr(`cancelled: ${turn.runId} · the session goes on\n`);
        else if (turn.status !== 'succeeded') io.stderr(`${turn.status}: ${turn.runId}\n`);
        return;
      }
      case 'failure':
        io.stderr(formatError(event.error));
        return;
      case 'agent-list':
        io.stdout(table(['', 'AGENT', 'CATEGORY', 'ENGINE', 'WHAT IT DOES'], event.agents.map((agent) => [agent.active ? '*' : '', agent.id, agent.category, agent.engine, clip(agent.description, 70)])));
        return;
      case 'run-list':
        if (event.turns.length === 0) {
          io.stdout('No turns in this session yet.\n');
          return;
        }
        io.stdout(table(['#', 'RUN', 'AGENT', 'STATUS', 'MESSAGE'], event.turns.map((turn) => [String(turn.position), turn.runId ?? '-', turn.agentId ?? '-', turn.error === null || turn.error.code === turn.status ? turn.status : `${turn.status} (${turn.error.code})`, clip(turn.text, 50)])));
        return;
      case 'help':
        io.stdout(table(['COMMAND', 'WHAT IT DOES'], event.commands.map((command) => [command.usage, command.description])));
        return;
    }
  };
}

function switchDetail(event: Extract<ChatEvent, { type: 'agent-switch' }>): string {
  switch (event.reason) {
    case 'addressed':
      return 'addressed';
    case 'command':
      return 'switched';
    case 'chosen':
      return 'chosen by you';
    case 'handoff':
      return `handed over by ${event.from ?? 'another agent'}`;
    case 'routed':
      return `confidence ${(event.confidence ?? 0).toFixed(2)}`;
  }
}

/** `--json`: one event per line for scripts; the streamed pieces are left out (`turn-end` has the whole answer). */
function renderJson(event: ChatEvent, io: CliIo): void {
  if (event.type === 'text-delta') return;
  io.stdout(`${JSON.stringify(event)}\n`);
}

/** Registers `nova chat`. */
export function registerChatCommand(program: Command, context: CommandContext): void {
  program
    .command('chat')
    .description('talk with Nova: each message goes to the right agent, which stays active for follow-ups (also `nova` alone)')
    .option('--session <id>', 'resume a session (id or unique prefix; see `nova sessions list`)')
    .option('--agent <id>', 'start with this agent active')
    .option('--json', 'print each event as one JSON line (for scripts that pipe messages in)')
    .action((options: { session?: string; agent?: string; json?: boolean }) =>
      context.withNova((nova) => chatCommand(nova, { session: options.session, agent: options.agent, json: options.json === true }, context.io))(),
    );
}
