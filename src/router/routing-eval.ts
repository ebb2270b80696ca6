import { readFileSync } from 'node:fs';
import { requireUtf8Text } from '../core/utf8-text.ts';
import { z } from 'zod';
import { NovaError } from '../core/errors.ts';
import { confidentByMeaning, defaultThresholds, thresholdFor, topConfidence, type RouterThresholds } from './calibration.ts';
import type { EmbeddingScore } from './embedding-index.ts';
import type { EmbeddingStage } from './embedding-stage.ts';
import type { AgentScore, LexicalIndex } from './lexical-index.ts';
import { errorMessage } from '../core/error-message.ts';

export interface LabelledRequest {
  text: string;
  agent: string;
}

export interface RoutingReport {
  total: number;
  correct: number;
  abstained: number;
  misrouted: number;
  /** correct / total */
  accuracy: number;
  /** misrouted / total: confident and wrong */
  misroutedRate: number;
  perAgent: Record<string, { total: number; correct: number; abstained: number; misrouted: number }>;
  confusion: Array<{ expected: string; got: string; count: number }>;
  /** Requests whose expected agent this Nova does not have; not counted above. */
  skipped: number;
  /** Those agents, with how many requests each (a typo in a label shows here, not as a quiet loss). */
  skippedAgents: Record<string, number>;
}

const labelledLine = z.object({ text: z.string().min(1), agent: z.string().min(1) }).strict();

/** Reads a JSONL file of `{"text", "agent"}`; every bad line is reported with its number. */
export function readLabelledRequests(file: string): LabelledRequest[] {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new NovaError({ code: 'input_invalid', fault: 'user', message: `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, hint: 'Give a JSONL file with one {"text", "agent"} per line.', cause: error });
  }
  const content = requireUtf8Text(bytes, file, { label: 'labelled requests file' });
  const requests: LabelledRequest[] = [];
  const problems: string[] = [];
  content.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      problems.push(`${file}:${index + 1}: not JSON (${errorMessage(error)})`);
      return;
    }
    const parsed = labelledLine.safeParse(value);
    if (parsed.success) requests.push(parsed.data);
    else problems.push(`${file}:${index + 1}: expected {"text": string, "agent": string}: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(line)'} ${issue.message}`).join('; ')}`);
  });
  if (problems.length > 0) {
    throw new NovaError({ code: 'input_invalid', fault: 'user', message: `Invalid labelled requests:\n${problems.join('\n')}`, hint: 'One JSON object {"text": "...", "agent": "<agent id>"} per line.' });
  }
  return requests;
}

/** The scores of each request, computed once: thresholds can then be tried cheaply. */
export interface ScoredRequest extends LabelledRequest {
  scores: AgentScore[];
  /** The embedding stage's scores, when one is configured. */
  meaning?: EmbeddingScore[];
}

export function scoreRequests(index: LexicalIndex, requests: readonly LabelledRequest[]): ScoredRequest[] {
  return requests.map((request) => ({ ...request, scores: index.score(request.text) }));
}

/** Adds the embedding stage's scores to scored requests (one batch for the texts it has not embedded yet). */
export async function scoreMeaning(stage: EmbeddingStage, scored: readonly ScoredRequest[], signal?: AbortSignal): Promise<ScoredRequest[]> {
  const meaning = await stage.score(scored.map((request) => request.text), signal);
  return scored.map((request, index) => ({ ...request, meaning: meaning[index]! }));
}

/** The agent the stages decide for under the thresholds: lexical first, then by meaning when scored; null when neither is confident. */
export function decidedAgent(request: ScoredRequest, agentCount: number, thresholds: RouterThresholds): string | null {
  const top = topConfidence(request.scores, agentCount, thresholds.temperature);
  if (top !== undefined && top.confidence >= thresholdFor(top.agentId, thresholds)) return top.agentId;
  if (request.meaning === undefined) return null;
  const byMeaning = topConfidence(request.meaning, agentCount, thresholds.embeddingTemperature);
  return byMeaning !== undefined && confidentByMeaning(byMeaning.confidence, thresholds) ? byMeaning.agentId : null;
}

/** What the router decides for each scored request under the given thresholds. */
export function evaluate(scored: readonly ScoredRequest[], agentIds: ReadonlySet<string>, thresholds: RouterThresholds): RoutingReport {
  const report: RoutingReport = { total: 0, correct: 0, abstained: 0, misrouted: 0, accuracy: 0, misroutedRate: 0, perAgent: {}, confusion: [], skipped: 0, skippedAgents: {} };
  const confusion = new Map<string, number>();
  for (const request of scored) {
    if (!agentIds.has(request.agent)) {
      report.skipped += 1;
      report.skippedAgents[request.agent] = (report.skippedAgents[request.agent] ?? 0) + 1;
      continue;
    }
    const decided = decidedAgent(request, agentIds.size, thresholds);
    const entry = (report.perAgent[request.agent] ??= { total: 0, correct: 0, abstained: 0, misrouted: 0 });
    report.total += 1;
    entry.total += 1;
    if (decided === request.agent) {
      report.correct += 1;
      entry.correct += 1;
    } else if (decided === null) {
      report.abstained += 1;
      entry.abstained += 1;
    } else {
      report.misrouted += 1;
      entry.misrouted += 1;
      const key = `${request.agent}\u0000${decided}`;
      confusion.set(key, (confusion.get(key) ?? 0) + 1);
    }
  }
  report.accuracy = ratio(report.correct, report.total);
  report.misroutedRate = ratio(report.misrouted, report.total);
  report.confusion = [...confusion]
    .map(([key, count]) => {
      const [expected = '', got = ''] = key.split('\u0000');
      return { expected, got, count };
    })
    .sort((left, right) => right.count - left.count || left.expected.localeCompare(right.expected));
  return report;
}

export interface FitResult {
  thresholds: RouterThresholds;
  /** Each request judged by thresholds fitted without it (k-fold): the honest estimate. */
  crossValidated: RoutingReport;
}

/**
 * Fits temperature and thresholds: the most accurate setting whose misrouted rate stays at or under
 * `maxMisroutedRate` (or, when none does, the least misrouting one). Reported figures are k-fold
 * cross-validated, so no request is judged by thresholds fitted on it.
 */
export function fitThresholds(scored: readonly ScoredRequest[], agentIds: ReadonlySet<string>, options: FitOptions = {}): FitResult {
  const folds = options.folds ?? 5;
  const known = scored.filter((request) => agentIds.has(request.agent));
  const assigned = known.map((request) => ({ request, fold: hash(request.text) % folds }));
  const decisions: RoutingReport[] = [];
  for (let fold = 0; fold < folds; fold += 1) {
    const training = assigned.filter((entry) => entry.fold !== fold).map((entry) => entry.request);
    const testing = assigned.filter((entry) => entry.fold === fold).map((entry) => entry.request);
    if (testing.length === 0) continue;
    const thresholds = search(training, agentIds, options);
    decisions.push(evaluate(testing, agentIds, thresholds));
  }
  const skippedAgents: Record<string, number> = {};
  for (const request of scored) if (!agentIds.has(request.agent)) skippedAgents[request.agent] = (skippedAgents[request.agent] ?? 0) + 1;
  return { thresholds: search(known, agentIds, options), crossValidated: combine(decisions, skippedAgents) };
}

export interface FitOptions {
  folds?: number;
  maxMisroutedRate?: number;
  /** Kept as given (the judge is not part of the fit); default 0.15. */
  judgeMargin?: number;
}

/** The best thresholds for `known` (requests whose agent this Nova has). */
function search(known: readonly ScoredRequest[], agentIds: ReadonlySet<string>, options: FitOptions): RouterThresholds {
  // Fitting to 2.5% on the training folds keeps held-out misrouting near the 3% target.
  const limit = options.maxMisroutedRate ?? 0.025;
  const fixed = { judgeMargin: options.judgeMargin ?? defaultThresholds.judgeMargin, embeddingTemperature: defaultThresholds.embeddingTemperature, embeddingMinConfidence: defaultThresholds.embeddingMinConfidence };
  let best: { thresholds: RouterThresholds; outcome: Outcome } | undefined;
  for (const temperature of [0.15, 0.25, 0.35, 0.5, 0.75, 1, 1.5, 2, 3]) {
    // Confidence depends on the temperature alone: computed once, then every pair of thresholds is a count.
    const tops = known.map((request) => topConfidence(request.scores, agentIds.size, temperature));
    for (let minConfidence = 0.1; minConfidence <= 0.951; minConfidence += 0.05) {
      for (let chatMinConfidence = minConfidence; chatMinConfidence <= 0.991; chatMinConfidence += 0.05) {
        const thresholds = { ...fixed, temperature, minConfidence: round(minConfidence), chatMinConfidence: round(chatMinConfidence) };
        let correct = 0;
        let misrouted = 0;
        tops.forEach((top, index) => {
          if (top === undefined || top.confidence < thresholdFor(top.agentId, thresholds)) return;
          if (top.agentId === known[index]!.agent) correct += 1;
          else misrouted += 1;
        });
        const outcome = { accuracy: ratio(correct, known.length), misroutedRate: ratio(misrouted, known.length) };
        if (best === undefined || better(outcome, best.outcome, limit)) best = { thresholds, outcome };
      }
    }
  }
  if (!known.some((request) => request.meaning !== undefined)) return best!.thresholds;
  // The embedding stage decides what the lexical one leaves: fitted with the lexical thresholds fixed,
  // under the same bound on the misrouting of both together.
  // Starting from "the embedding stage never decides" (minimum confidence 1), so it is only used where it helps.
  const lexicalOnly = { ...best!.thresholds, embeddingMinConfidence: 1 };
  let stages = { thresholds: lexicalOnly, outcome: evaluate(known, agentIds, lexicalOnly) };
  for (const embeddingTemperature of [0.005, 0.01, 0.02, 0.03, 0.05, 0.1]) {
    for (let embeddingMinConfidence = 0.3; embeddingMinConfidence <= 0.991; embeddingMinConfidence += 0.05) {
      const thresholds = { ...best!.thresholds, embeddingTemperature, embeddingMinConfidence: round(embeddingMinConfidence) };
      const outcome = evaluate(known, agentIds, thresholds);
      if (better(outcome, stages.outcome, limit)) stages = { thresholds, outcome };
    }
  }
  return stages.thresholds;
}

type Outcome = Pick<RoutingReport, 'accuracy' | 'misroutedRate'>;

function better(candidate: Outcome, current: Outcome, limit: number): boolean {
  const candidateOk = candidate.misroutedRate <= limit;
  const currentOk = current.misroutedRate <= limit;
  if (candidateOk !== currentOk) return candidateOk;
  if (!candidateOk) return candidate.misroutedRate < current.misroutedRate || (candidate.misroutedRate === current.misroutedRate && candidate.accuracy > current.accuracy);
  return candidate.accuracy > current.accuracy || (candidate.accuracy === current.accuracy && candidate.misroutedRate < current.misroutedRate);
}

function combine(reports: RoutingReport[], skippedAgents: Record<string, number>): RoutingReport {
  const skipped = Object.values(skippedAgents).reduce((sum, count) => sum + count, 0);
  const total: RoutingReport = { total: 0, correct: 0, abstained: 0, misrouted: 0, accuracy: 0, misroutedRate: 0, perAgent: {}, confusion: [], skipped, skippedAgents };
  const confusion = new Map<string, { expected: string; got: string; count: number }>();
  for (const report of reports) {
    total.total += report.total;
    total.correct += report.correct;
    total.abstained += report.abstained;
    total.misrouted += report.misrouted;
    for (const [agent, counts] of Object.entries(report.perAgent)) {
      const entry = (total.perAgent[agent] ??= { total: 0, correct: 0, abstained: 0, misrouted: 0 });
      entry.total += counts.total;
      entry.correct += counts.correct;
      entry.abstained += counts.abstained;
      entry.misrouted += counts.misrouted;
    }
    for (const pair of report.confusion) {
      const key = `${pair.expected}\u0000${pair.got}`;
      const entry = confusion.get(key) ?? { ...pair, count: 0 };
      entry.count += pair.count;
      confusion.set(key, entry);
    }
  }
  total.accuracy = ratio(total.correct, total.total);
  total.misroutedRate = ratio(total.misrouted, total.total);
  total.confusion = [...confusion.values()].sort((left, right) => right.count - left.count || left.expected.localeCompare(right.expected));
  return total;
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** A stable hash of the text (FNV-1a), so folds are the same on every run. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193) >>> 0;
  }
  return value;
}
