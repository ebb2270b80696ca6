import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { closestMatches } from '../../core/closest-matches.ts';
import { NovaError } from '../../core/errors.ts';
import type { RouteDecision } from '../../core/route-decision.ts';
import { createEmbeddingModel } from '../../models/embedding-model.ts';
import { resolveModelString } from '../../models/model-config.ts';
import { createFeedbackRepository } from '../../router/feedback-repository.ts';
import { openRouter } from '../../router/open-router.ts';
import { inputForRoutedRequest } from '../../router/routed-input.ts';
import { saveThresholds } from '../../router/router-settings.ts';
import { evaluate, fitThresholds, readLabelledRequests, scoreMeaning, scoreRequests } from '../../router/routing-eval.ts';
import type { Router } from '../../router/router.ts';
import type { Nova } from '../../app/nova.ts';
import { recordUnroutedRequest, routeAmbiguousError } from '../../runtime/unrouted-request.ts';
import { exitCodes, type CliIo } from '../cli-io.ts';
import type { CommandContext } from '../command-context.ts';
import { formatError } from '../render-error.ts';
import { jsonResult, reportRun } from './run-command.ts';

/** The project's own labelled routing requests. */
export const defaultRoutingEvalFile = fileURLToPath(new URL('../../../roster/routing/eval.jsonl', import.meta.url));

/** The router over this Nova's agents, with its judge when one is configured. */
export async function routerFor(nova: Nova, heldOut?: readonly string[]): Promise<Router> {
  const embeddings = nova.config.router.embeddings;
  return openRouter({
    agents: nova.agents.list(),
    store: nova.store,
    home: nova.home,
    resolveModel: nova.resolveModel,
    ...(embeddings === undefined ? {} : { embeddingModel: createEmbeddingModel({ modelString: resolveModelString({ reference: embeddings.model, settings: nova.config.models, env: nova.env }), env: nova.env }) }),
    ...(nova.config.router.judge === undefined ? {} : { judgeModel: nova.config.router.judge.model }),
    ...(heldOut === undefined ? {} : { heldOut }),
  });
}

/** `nova route "<request>" [--agent A] [--json]`: the decision alone, explained. */
export async function routeCommand(nova: Nova, options: { request: string; agent: string | undefined; json: boolean }, io: CliIo): Promise<number> {
  const router = await routerFor(nova);
  const { decision } = await router.route(options.request, { ...(options.agent === undefined ? {} : { agentId: options.agent }), signal: io.interrupt });
  if (options.json) {
    io.stdout(`${JSON.stringify(decision)}\n`);
    return exitCodes.ok;
  }
  io.stdout(`${decision.agentId ?? 'no agent (ambiguous)'} · ${decision.method} · confidence ${decision.confidence.toFixed(2)}\n${decision.explanation}\n`);
  for (const candidate of decision.candidates) io.stdout(`  ${candidate.score.toFixed(4)}  ${candidate.agentId}\n`);
  return exitCodes.ok;
}

/** `nova ask "<request>" [--fallback A] [--json]`: route, then run the chosen agent as `nova run` does. */
export async function askCommand(nova: Nova, options: { request: string; fallback: string | undefined; json: boolean }, io: CliIo): Promise<number> {
  const router = await routerFor(nova);
  const routed = await router.route(options.request, { ...(options.fallback === undefined ? {} : { fallback: options.fallback }), signal: io.interrupt });
  let decision = routed.decision;
  if (decision.agentId === null && io.prompt !== undefined && !options.json && decision.candidates.length > 0) {
    decision = await askTheUser(decision, io);
  }
  if (decision.agentId === null) return reportAmbiguous(nova, options.request, decision, options.json, io);
  const agentId = decision.agentId;
  return reportRun(async () => {
    const agent = nova.agents.get(agentId);
    return { agent, input: inputForRoutedRequest(agent, routed.text) };
  }, nova, { json: options.json, routeDecision: decision }, io);
}

/** `nova route feedback <runId> --agent <id>`: the right agent for a routed request; learned at once. */
export async function routeFeedbackCommand(nova: Nova, options: { runId: string; agent: string; json: boolean }, io: CliIo): Promise<number> {
  nova.agents.get(options.agent);
  const run = await nova.store.runs.find(options.runId);
  const text = requestText(run.input);
  if (text === undefined) {
    throw new NovaError({ code: 'input_invalid', fault: 'user', message: `Run ${run.id} has no request text to learn from`, hint: 'Give feedback on runs started with `nova ask`.' });
  }
  const feedback = await createFeedbackRepository(nova.store).add({ runId: run.id, text, agentId: options.agent });
  if (options.json) io.stdout(`${JSON.stringify({ feedback })}\n`);
  else io.stdout(`Learned: "${text}" -> ${options.agent} (was ${run.agentId ?? 'no agent'}).\n`);
  return exitCodes.ok;
}

/** `nova eval routing [--file F] [--fit] [--json]` */
export async function evalRoutingCommand(nova: Nova, options: { file: string | undefined; fit: boolean; json: boolean }, io: CliIo): Promise<number> {
  const file = resolve(options.file ?? defaultRoutingEvalFile);
  const requests = readLabelledRequests(file);
  // Feedback that (nearly) repeats an evaluated request would be testing on training data: leave it out.
  const router = await routerFor(nova, requests.map((request) => request.text));
  const agentIds = new Set(nova.agents.list().map((agent) => agent.spec.id));
  requireKnownAgents(file, requests, agentIds);
  const lexical = scoreRequests(router.index, requests);
  const scored = router.embeddings === undefined ? lexical : await scoreMeaning(router.embeddings, lexical, io.interrupt);
  // Which stages decided: the model judge is not part of an eval (it would call the model per request).
  const stages = router.embeddings === undefined ? ['lexical'] : ['lexical', 'embedding'];
  const stagesLine = router.embeddings === undefined ? 'stages: lexical' : `stages: lexical, then embedding (${router.embeddings.modelString})`;
  if (!options.fit) {
    const report = evaluate(scored, agentIds, router.thresholds);
    io.stdout(options.json ? `${JSON.stringify({ ...report, stages })}\n` : renderReport(report, `${stagesLine}; thresholds ${JSON.stringify(router.thresholds)}`));
    return exitCodes.ok;
  }
  const fit = fitThresholds(scored, agentIds, { judgeMargin: router.thresholds.judgeMargin });
  const saved = saveThresholds(nova.home, fit.thresholds, { file, requests: requests.length });
  if (options.json) io.stdout(`${JSON.stringify({ ...fit.crossValidated, stages, thresholds: fit.thresholds, savedTo: saved })}\n`);
  else io.stdout(renderReport(fit.crossValidated, `${stagesLine}; fitted ${JSON.stringify(fit.thresholds)} (5-fold cross-validated figures), saved to ${saved}`));
  return exitCodes.ok;
}

/** An eval of nothing would print accuracy 0 and exit 0: an empty file, or one naming none of this Nova's agents, is an error. */
function requireKnownAgents(file: string, requests: ReadonlyArray<{ agent: string }>, agentIds: ReadonlySet<string>): void {
  if (requests.length === 0) {
    throw new NovaError({ code: 'input_invalid', fault: 'user', message: `${file} holds no labelled requests`, hint: 'Give one {"text": "...", "agent": "<agent id>"} per line.' });
  }
  if (requests.some((request) => agentIds.has(request.agent))) return;
  const unknown = [...new Set(requests.map((request) => request.agent))];
  const suggestions = unknown.flatMap((agent) => closestMatches(agent, [...agentIds]).slice(0, 1).map((closest) => `${agent} -> ${closest}?`));
  throw new NovaError({
    code: 'input_invalid',
    fault: 'user',
    message: `None of the ${requests.length} requests in ${file} names an agent this Nova has (${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? ', ...' : ''})`,
    hint: `Label each request with an agent id from \`nova agents list\`.${suggestions.length > 0 ? ` Closest: ${suggestions.slice(0, 5).join(', ')}` : ''}`,
    details: { unknownAgents: unknown },
  });
}

async function askTheUser(decision: RouteDecision, io: CliIo): Promise<RouteDecision> {
  io.stderr(`${decision.explanation}\nWhich agent should take this?\n`);
  decision.candidates.forEach((candidate, index) => io.stderr(`  ${index + 1}. ${candidate.agentId} (${candidate.score.toFixed(2)})\n`));
  const answer = (await io.prompt!('Number, agent id, or Enter to cancel: ')).trim();
  const chosen = /^\d+$/.test(answer) ? decision.candidates[Number(answer) - 1]?.agentId : decision.candidates.find((candidate) => candidate.agentId === answer)?.agentId;
  if (chosen === undefined) return decision;
  return { ...decision, agentId: chosen, method: 'explicit', explanation: `${chosen} was chosen by the user among the candidates. ${decision.explanation}` };
}

async function reportAmbiguous(nova: Nova, request: string, decision: RouteDecision, json: boolean, io: CliIo): Promise<number> {
  const error = routeAmbiguousError(decision, 'request', 'Address an agent with @agent-id (or `nova run <agent>`), rephrase, or pass --fallback <agent>.');
  const runId = await recordUnroutedRequest({ store: nova.store, input: { text: request }, decision, error });
  const recorded = error.withRunId(runId);
  if (json) io.stdout(`${JSON.stringify(jsonResult(runId, 'failed', null, recorded.toJSON(), [], { inputTokens: 0, outputTokens: 0, totalTokens: 0 }))}\n`);
  else io.stderr(formatError(recorded));
  return exitCodes.failed;
}

function requestText(input: unknown): string | undefined {
  if (typeof input === 'string') return input;
  const text = (input as { text?: unknown } | null)?.text;
  return typeof text === 'string' ? text : undefined;
}

function renderReport(report: ReturnType<typeof evaluate>, heading: string): string {
  const lines = [
    heading,
    `total ${report.total} · correct ${report.correct} · abstained ${report.abstained} · misrouted ${report.misrouted}`,
    `accuracy ${report.accuracy.toFixed(4)} · misrouted rate ${report.misroutedRate.toFixed(4)}`,
  ];
  if (report.skipped > 0) {
    const agents = Object.entries(report.skippedAgents).map(([agent, count]) => `${agent} (${count})`);
    lines.push(`skipped ${report.skipped} request(s) labelled with agents this Nova does not have: ${agents.join(', ')}`);
  }
  const weakest = Object.entries(report.perAgent)
    .filter(([, counts]) => counts.correct < counts.total)
    .sort((left, right) => left[1].correct / left[1].total - right[1].correct / right[1].total)
    .slice(0, 8);
  if (weakest.length > 0) lines.push('weakest agents:', ...weakest.map(([agent, counts]) => `  ${agent}: ${counts.correct}/${counts.total} correct, ${counts.abstained} abstained, ${counts.misrouted} misrouted`));
  if (report.confusion.length > 0) lines.push('confusion (expected -> got):', ...report.confusion.slice(0, 10).map((pair) => `  ${pair.expected} -> ${pair.got}: ${pair.count}`));
  return `${lines.join('\n')}\n`;
}

/** Registers `route`, `route feedback`, `ask` and `eval routing`. */
export function registerRouteCommands(program: Command, context: CommandContext): void {
  const route = program
    .command('route')
    // Options after `feedback` are the subcommand's (its --agent is not route's --agent).
    .enablePositionalOptions()
    .description('which agent would take a request, and why')
    .argument('<request...>', 'the request')
    .option('--agent <id>', 'name the agent yourself (explicit address)')
    .option('--json', 'print the decision {agentId, confidence, candidates, method, explanation}')
    .action((words: string[], options: { agent?: string; json?: boolean }) =>
      context.withNova((nova) => routeCommand(nova, { request: words.join(' '), agent: options.agent, json: options.json === true }, context.io))(),
    );
  route
    .command('feedback')
    .description('record the right agent for a routed run; the router learns it at once')
    .argument('<runId>', 'the run (id or unique prefix)')
    .requiredOption('--agent <id>', 'the agent that should have taken it')
    .option('--json', 'print {feedback}')
    .action((runId: string, options: { agent: string; json?: boolean }) => context.withNova((nova) => routeFeedbackCommand(nova, { runId, agent: options.agent, json: options.json === true }, context.io))());

  program
    .command('ask')
    .description('route a request to the right agent and run it')
    .argument('<request...>', 'the request; start with @agent-id to choose the agent yourself')
    .option('--fallback <id>', 'the agent to use when no agent is confident enough')
    .option('--json', 'print {runId, status, output, error, warnings, usage}')
    .action((words: string[], options: { fallback?: string; json?: boolean }) =>
      context.withNova((nova) => askCommand(nova, { request: words.join(' '), fallback: options.fallback, json: options.json === true }, context.io))(),
    );

  program
    .command('eval')
    .description('measure Nova')
    .command('routing')
    .description('routing quality on labelled requests (one {"text", "agent"} per line)')
    .option('--file <path>', 'a JSONL file; default: the project set roster/routing/eval.jsonl')
    .option('--fit', 'fit the thresholds by cross-validation and store them in $NOVA_HOME/router.json')
    .option('--json', 'print {total, correct, abstained, misrouted, accuracy, misroutedRate, perAgent, confusion}')
    .action((options: { file?: string; fit?: boolean; json?: boolean }) => context.withNova((nova) => evalRoutingCommand(nova, { file: options.file, fit: options.fit === true, json: options.json === true }, context.io))());
}
