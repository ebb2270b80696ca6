/**
 * Routing accuracy of the lexical stages over the shipped roster, and where the shipped thresholds
 * (`defaultThresholds`) come from. Prints figures; the last line is one JSON object.
 * Usage: npm run bench:routing-accuracy
 *
 * - Calibration data: the project set (roster/routing/eval.jsonl), the dev set (dev.jsonl), and every
 *   agent sample scored by an index built without it (leave-one-out: the nearest thing to wording the
 *   index has never seen). Thresholds are fitted on all of it, with 5-fold cross-validated figures.
 * - Held out: roster/routing/holdout.jsonl, written by another engineer from ROSTER.md alone, is used
 *   for nothing but this measurement: not for samples, not for fitting, not for choosing the method.
 */
import { join } from 'node:path';
import { defaultThresholds, type RouterThresholds } from '../src/router/calibration.ts';
import { LexicalIndex } from '../src/router/lexical-index.ts';
import { evaluate, fitThresholds, readLabelledRequests, scoreRequests, type ScoredRequest } from '../src/router/routing-eval.ts';
import { shippedRosterDirectory } from '../src/app/nova.ts';
import { rosterAgents } from './roster-agents.ts';

const agents = rosterAgents();
const agentIds = new Set(agents.map((agent) => agent.id));
const index = new LexicalIndex(agents);
const scored = (name: string) => scoreRequests(index, readLabelledRequests(join(shippedRosterDirectory, 'routing', `${name}.jsonl`)));

const leaveOneOut: ScoredRequest[] = [];
agents.forEach((agent, agentIndex) => {
  agent.samples.forEach((sample, sampleIndex) => {
    const without = agents.map((other, otherIndex) => (otherIndex === agentIndex ? { ...other, samples: other.samples.filter((_, index) => index !== sampleIndex) } : other));
    leaveOneOut.push({ text: sample, agent: agent.id, scores: new LexicalIndex(without).score(sample) });
  });
});

const calibration = { eval: scored('eval'), dev: scored('dev'), samples: leaveOneOut };
const fit = fitThresholds([...calibration.eval, ...calibration.dev, ...calibration.samples], agentIds);
const holdout = scored('holdout');
const heldOut = evaluate(holdout, agentIds, defaultThresholds);
const heldOutWithFit = evaluate(holdout, agentIds, fit.thresholds);
const perSet = Object.fromEntries(Object.entries(calibration).map(([name, requests]) => [name, evaluate(requests, agentIds, defaultThresholds)]));

const figures = (report: { total: number; accuracy: number; misroutedRate: number; abstained: number }) => `${report.total} requests: accuracy ${report.accuracy}, misrouted rate ${report.misroutedRate}, ${report.abstained} abstained`;
process.stdout.write(`roster: ${agents.length} agents; thresholds shipped: ${JSON.stringify(defaultThresholds)}\n`);
process.stdout.write(`fitted on eval + dev + leave-one-out samples: ${JSON.stringify(fit.thresholds)}${sameThresholds(fit.thresholds, defaultThresholds) ? ' (the shipped ones)' : ' (DIFFERENT from the shipped ones: update defaultThresholds in src/router/calibration.ts)'}\n`);
process.stdout.write(`  cross-validated over the ${figures(fit.crossValidated)}\n`);
for (const [name, report] of Object.entries(perSet)) process.stdout.write(`  ${name} with the shipped thresholds, ${figures(report)}\n`);
process.stdout.write(`held out (holdout.jsonl) with the shipped thresholds, ${figures(heldOut)}\n`);
if (heldOut.confusion.length > 0) process.stdout.write(`  misrouted: ${heldOut.confusion.map((pair) => `${pair.expected} -> ${pair.got}${pair.count > 1 ? ` x${pair.count}` : ''}`).join(', ')}\n`);
process.stdout.write(
  `${JSON.stringify({
    agents: agents.length,
    fitted: fit.thresholds,
    crossValidated: { total: fit.crossValidated.total, accuracy: fit.crossValidated.accuracy, misroutedRate: fit.crossValidated.misroutedRate },
    heldOut: { total: heldOut.total, accuracy: heldOut.accuracy, misroutedRate: heldOut.misroutedRate, abstained: heldOut.abstained },
    heldOutWithFitted: { accuracy: heldOutWithFit.accuracy, misroutedRate: heldOutWithFit.misroutedRate },
  })}\n`,
);

function sameThresholds(left: RouterThresholds, right: RouterThresholds): boolean {
  return (Object.keys(left) as Array<keyof RouterThresholds>).every((key) => left[key] === right[key]);
}
