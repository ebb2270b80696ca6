import type { Command } from 'commander';
import type { Nova } from '../../app/nova.ts';
import { createSessionRepository } from '../../sessions/session-repository.ts';
import { listTurns } from '../../sessions/turn-listing.ts';
import { exitCodes, type CliIo } from '../cli-io.ts';
import { readOnly, type CommandContext } from '../command-context.ts';
import { clip, table } from '../render-table.ts';
import { parseLimit } from './runs-command.ts';

/** `nova sessions list [--limit N] [--json]`: sessions, most recently used first. */
export async function sessionsListCommand(nova: Nova, options: { limit: string | undefined; json: boolean }, io: CliIo): Promise<number> {
  const sessions = await createSessionRepository(nova.store).list({ limit: parseLimit(options.limit) });
  if (options.json) {
    io.stdout(`${JSON.stringify({ sessions })}\n`);
    return exitCodes.ok;
  }
  if (sessions.length === 0) {
    io.stdout('No sessions yet. Start one with `nova chat`.\n');
    return exitCodes.ok;
  }
  const rows = sessions.map((session) => [session.id, shortTime(session.updatedAt), String(session.turnCount), session.activeAgentId ?? '-', clip(session.title ?? '', 50)]);
  io.stdout(table(['SESSION', 'UPDATED (UTC)', 'TURNS', 'AGENT', 'TITLE'], rows));
  return exitCodes.ok;
}

/** `nova sessions show <id> [--json]`: a session's turns, each with its agent, run and status. */
export async function sessionsShowCommand(nova: Nova, options: { id: string; json: boolean }, io: CliIo): Promise<number> {
  const repository = createSessionRepository(nova.store);
  const session = await repository.find(options.id);
  const turns = await listTurns(nova.store, repository, session.id);
  if (options.json) {
    io.stdout(`${JSON.stringify({ session, turns })}\n`);
    return exitCodes.ok;
  }
  const lines = [
    `${session.id}${session.title === null ? '' : `  "${session.title}"`}`,
    `created ${shortTime(session.createdAt)} · updated ${shortTime(session.updatedAt)} · ${session.turnCount} turn(s) · active agent ${session.activeAgentId ?? '-'}`,
  ];
  for (const turn of turns) {
    lines.push('', `#${turn.position}  ${turn.agentId ?? '-'}  ${turn.status.toUpperCase()}  ${turn.runId ?? '(no run)'}  ${shortTime(turn.createdAt)}`);
    lines.push(`  you: ${clip(oneLine(turn.text), 200)}`);
    if (turn.answer !== null) lines.push(`  ${turn.agentId ?? 'nova'}: ${clip(oneLine(turn.answer), 200)}`);
    if (turn.error !== null) lines.push(`  error[${turn.error.code}]: ${turn.error.message}`);
  }
  io.stdout(`${lines.join('\n')}\n`);
  return exitCodes.ok;
}

function shortTime(iso: string): string {
  return iso.replace('T', ' ').slice(0, 19);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Registers `nova sessions list` and `nova sessions show`. */
export function registerSessionsCommands(program: Command, context: CommandContext): void {
  const sessions = program.command('sessions').description('conversations kept by `nova chat`');
  sessions
    .command('list')
    .description('sessions, most recently used first')
    .option('--limit <n>', 'at most this many (default 50)')
    .option('--json', 'print {sessions: [{id, title, activeAgentId, createdAt, updatedAt, turnCount}]}')
    .action((options: { limit?: string; json?: boolean }) => context.withNova((nova) => sessionsListCommand(nova, { limit: options.limit, json: options.json === true }, context.io), readOnly)());
  sessions
    .command('show')
    .description("a session's turns: each message, the agent that answered, its run and status")
    .argument('<id>', 'session id or a unique prefix of one')
    .option('--json', 'print {session, turns: [{position, runId, agentId, status, text, answer, error, createdAt}]}')
    .action((id: string, options: { json?: boolean }) => context.withNova((nova) => sessionsShowCommand(nova, { id, json: options.json === true }, context.io), readOnly)());
}
