/**
 * Routing speed: one decision over the shipped roster, one over a synthetic 1,000-agent roster, and
 * the time to build the index for 1,000 agents. Prints figures; the last line is one JSON object.
 * Usage: npm run bench:routing
 */
import type { IndexedAgent } from '../src/router/lexical-index.ts';
import { readLabelledRequests } from '../src/router/routing-eval.ts';
import { Router } from '../src/router/router.ts';
import { defaultRoutingEvalFile } from '../src/cli/commands/route-command.ts';
import { rosterAgents } from './roster-agents.ts';

/** A deterministic roster of `count` agents built from a vocabulary of business and technical words. */
function syntheticAgents(count: number): IndexedAgent[] {
  const words = 'invoice order payment supplier customer ledger account report summary translate email schedule pipeline log error csv json schema validate reconcile bank stock reorder forecast budget contract review test refactor audit plan meeting note travel expense tax payroll shipment delivery return refund quote price discount margin revenue cost region month quarter year team project task ticket bug feature release deploy server database query index backup restore monitor alert incident policy compliance risk vendor asset'.split(' ');
  let seed = 42;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed;
  };
  const phrase = (length: number) => Array.from({ length }, () => words[next() % words.length]).join(' ');
  return Array.from({ length: count }, (_, index) => ({
    id: `agent-${index}`,
    name: `Agent ${index} ${phrase(2)}`,
    description: `Handles ${phrase(8)}.`,
    samples: Array.from({ length: 6 }, () => phrase(6)),
  }));
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]! * 1000) / 1000;
}

function timeDecisions(router: Router, requests: string[], rounds: number): number[] {
  const times: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (const request of requests) {
      const started = performance.now();
      router.decide(request);
      times.push(performance.now() - started);
    }
  }
  return times;
}

const requests = readLabelledRequests(defaultRoutingEvalFile).map((request) => request.text);
const roster = rosterAgents();
const rosterRouter = new Router({ agents: roster });
timeDecisions(rosterRouter, requests, 2);
const rosterTimes = timeDecisions(rosterRouter, requests, 10);

const synthetic = syntheticAgents(1000);
const buildTimes: number[] = [];
let largeRouter = new Router({ agents: synthetic });
for (let round = 0; round < 5; round += 1) {
  const started = performance.now();
  largeRouter = new Router({ agents: synthetic });
  buildTimes.push(performance.now() - started);
}
timeDecisions(largeRouter, requests, 1);
const largeTimes = timeDecisions(largeRouter, requests, 5);

const result = {
  rosterAgents: roster.length,
  rosterDecisionMedianMs: percentile(rosterTimes, 0.5),
  rosterDecisionP99Ms: percentile(rosterTimes, 0.99),
  largeAgents: synthetic.length,
  largeDecisionMedianMs: percentile(largeTimes, 0.5),
  largeDecisionP99Ms: percentile(largeTimes, 0.99),
  largeIndexBuildMedianMs: percentile(buildTimes, 0.5),
};
process.stdout.write(`roster of ${result.rosterAgents} agents: decision median ${result.rosterDecisionMedianMs} ms, p99 ${result.rosterDecisionP99Ms} ms (${rosterTimes.length} decisions)\n`);
process.stdout.write(`synthetic roster of ${result.largeAgents} agents: decision median ${result.largeDecisionMedianMs} ms, p99 ${result.largeDecisionP99Ms} ms; index build median ${result.largeIndexBuildMedianMs} ms\n`);
process.stdout.write(`${JSON.stringify(result)}\n`);
