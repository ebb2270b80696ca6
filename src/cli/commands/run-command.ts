import type { Command } from 'commander';
import type { CommandContext } from '../command-context.ts';
import { toNovaError, type SerializedError } from '../../core/errors.ts';
import type { RunWarning } from '../../core/run-state.ts';
import { emptyUsage, type Usage } from '../../core/usage.ts';
import type { RunResult } from '../../runtime/run-agent.ts';
import type { Nova } from '../../app/nova.ts';
import type { LoadedAgent } from '../../agents/agent-registry.ts';
import type { RouteDecision } from '../../core/route-decision.ts';
import { exitCodes, type CliIo } from '../cli-io.ts';
import { exitCodeForThrown, formatError, jsonError } from '../render-error.ts';
import { buildRunInput } from '../run-input.ts';

export interface RunCommandOptions {
  agentId: string;
  text: string | undefined;
  input: string | undefined;
  file: string | undefined;
  /** Files or folders outside the roots that the user allows for this run (`--allow-path`). */
  allowPaths: string[];
  json: boolean;
}

/** `nova run <agent> [text] [--input JSON] [--file PATH] [--json]` */
export async function runCommand(nova: Nova, options: RunCommandOptions, io: CliIo): Promise<number> {
  return reportRun(
    async () => {
      const agent = nova.agents.get(options.agentId);
      return { agent, input: buildRunInput(agent, { text: options.text, inputJson: options.input, file: options.file }) };
    },
    nova,
    { json: options.json, allowPaths: options.allowPaths },
    io,
  );
}

/**
 * Runs an agent and reports the result as `nova run` does: the output (streamed to a terminal for
 * free-text answers), warnings and the error on stderr, or the JSON document with `--json`; returns the
 * exit code. Problems before the run (`prepare` throwing) are reported the same way, with no run id.
 */
export async function reportRun(
  prepare: () => Promise<{ agent: LoadedAgent; input: unknown }>,
  nova: Nova,
  options: { json: boolean; routeDecision?: RouteDecision; allowPaths?: readonly string[] },
  io: CliIo,
): Promise<number> {
  let result: RunResult;
  let agentId: string;
  let streamed = false;
  try {
    const { agent, input } = await prepare();
    agentId = agent.spec.id;
    // Text is streamed to a terminal as it comes; JSON output and structured answers wait for the end.
    const stream = !options.json && io.interactive && agent.outputSchema === undefined && agent.spec.engine === 'model';
    // The runtime is imported when a run starts, so `nova route` (which shares this module through `ask`) never loads it.
    const { runAgent } = await import('../../runtime/run-agent.ts');
    result = await runAgent({
      agent,
      input,
      store: nova.store,
      resolveModel: nova.resolveModel,
      tools: nova.tools,
      files: nova.files.withExplicit(options.allowPaths ?? []),
      agents: nova.agents.summaries(),
      findAgent: (id) => (nova.agents.has(id) ? nova.agents.get(id) : undefined),
      signal: io.interrupt,
      stream,
      ...(options.routeDecision === undefined ? {} : { routeDecision: options.routeDecision }),
      onTextDelta: (delta) => {
        streamed = true;
        io.stdout(delta);
      },
    });
  } catch (error) {
    const novaError = toNovaError(error);
    if (options.json) io.stdout(`${JSON.stringify(jsonResult(null, 'failed', null, novaError.toJSON(), [], emptyUsage))}\n`);
    else io.stderr(formatError(novaError));
    return exitCodeForThrown(error);
  }

  if (options.json) {
    io.stdout(`${JSON.stringify(jsonResult(result.runId, result.status, result.output, result.error, result.warnings, result.usage))}\n`);
  } else {
    if (streamed) io.stdout('\n');
    else if (result.status === 'succeeded') io.stdout(`${(await import('../output-renderers/render-output.ts')).renderOutput(result.output, agentId)}\n`);
    for (const warning of result.warnings) io.stderr(`warning[${warning.code}]: ${warning.message}\n`);
    if (result.error !== null) io.stderr(formatError(result.error));
    io.stderr(`${result.status}: ${result.runId} · ${describeUsage(result.usage)}\n`);
  }
  if (result.status === 'succeeded') return exitCodes.ok;
  return result.status === 'cancelled' ? exitCodes.cancelled : exitCodes.failed;
}

export function jsonResult(runId: string | null, status: string, output: unknown, error: SerializedError | null, warnings: RunWarning[], usage: Usage) {
  return {
    runId,
    status,
    output,
    error: error === null ? null : jsonError(error),
    warnings: warnings.map((warning) => ({ code: warning.code, message: warning.message })),
    usage,
  };
}

export function describeUsage(usage: Usage): string {
  const tokens = `${usage.inputTokens} in / ${usage.outputTokens} out tokens`;
  return usage.costUsd === undefined ? tokens : `${tokens} · $${usage.costUsd.toFixed(6)}`;
}

/** Registers the command(s) of this file on the program. */
export function registerRunCommand(program: Command, context: CommandContext): void {
  program
    .command('run')
    .description('run one agent and print its output')
    .argument('<agent>', 'agent id, e.g. chat')
    .argument('[text...]', 'the request, as text')
    .option('--input <json>', 'the input as a JSON object')
    .option('--file <path>', "a file: passed by path to agents that take one, else its content is the text")
    .option('--allow-path <path>', 'let this run use a file or folder outside the allowed roots (repeat for more)', (value: string, previous: string[]) => [...previous, value], [])
    .option('--json', 'print {runId, status, output, error, warnings, usage}')
    .action((agentId: string, words: string[], options: { input?: string; file?: string; allowPath: string[]; json?: boolean }) =>
      context.withNova((nova) =>
        runCommand(nova, { agentId, text: words.length > 0 ? words.join(' ') : undefined, input: options.input, file: options.file, allowPaths: options.allowPath, json: options.json === true }, context.io),
      )(),
    );
}
