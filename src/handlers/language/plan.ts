import { z } from 'zod';
import type { AgentContext, AgentHandler } from '../../core/agent-spec.ts';
import type { SerializedError } from '../../core/errors.ts';
import { schemaFromZod, type ValidationIssue } from '../../core/schema.ts';

interface Plan {
  goal: string;
  steps: Array<{ order: number; title: string; detail: string; agentId: string | null }>;
}

const planOutput = schemaFromZod(
  z.object({
    goal: z.string().min(1),
    steps: z
      .array(
        z.object({
          order: z.number().int().min(1),
          title: z.string().min(1),
          detail: z.string().min(1),
          agentId: z.string().nullable(),
        }),
      )
      .min(1),
    risks: z.array(z.string()).optional(),
  }),
);

/**
 * Turns a goal into ordered steps, naming for each the Nova agent best suited to do it where one fits
 * (from the agents this Nova actually has), else null. Step numbers must run 1, 2, 3 ...; an unknown
 * agent id or a gap is repaired once, then fails.
 */
export const plan: AgentHandler = async (rawInput, context) => {
  const { text, execute } = rawInput as { text: string; execute?: boolean };
  const known = context.agents.filter((agent) => agent.id !== context.agentId);
  const catalog = known.map((agent) => `- ${agent.id}: ${agent.description}`).join('\n');
  const result = await context.generate({
    prompt: `Make an ordered plan for this goal. For each step, set "agentId" to the id of the agent below best suited to do it, or null when none fits or a person must do it.\n\nAgents:\n${catalog || '(none)'}\n\nGoal:\n${text}`,
    output: planOutput,
    check: (value) => checkPlan(value as Plan, new Set(known.map((agent) => agent.id))),
  });
  const planned = result.output as Plan;
  if (execute !== true) return planned;
  return { ...planned, steps: await carryOut(planned, context) };
};

/**
 * Delegates each step to the agent it names, in order, and records each result on the step. A step
 * whose agent is not on the planner's delegates list, or names no agent, is skipped with the reason;
 * a failed step is reported (and kept as a warning on the run) and the next steps still run.
 */
async function carryOut(planned: Plan, context: AgentContext): Promise<Array<Plan['steps'][number] & { result: StepResult }>> {
  const steps = [];
  for (const step of planned.steps) {
    if (step.agentId === null) {
      steps.push({ ...step, result: { status: 'skipped' as const, runId: null, reason: 'no agent fits this step; a person does it' } });
      continue;
    }
    const outcome = await context.delegate(step.agentId, { task: `${step.title}: ${step.detail}`, facts: { goal: planned.goal, step: step.order } });
    if (outcome.ok) steps.push({ ...step, result: { status: 'succeeded' as const, runId: outcome.runId, output: outcome.output } });
    else if (outcome.error.code === 'handoff_rejected') steps.push({ ...step, result: { status: 'skipped' as const, runId: null, reason: outcome.error.message } });
    else steps.push({ ...step, result: { status: 'failed' as const, runId: outcome.runId, error: outcome.error } });
  }
  return steps;
}

type StepResult =
  | { status: 'succeeded'; runId: string; output: unknown }
  | { status: 'failed'; runId: string | null; error: SerializedError }
  | { status: 'skipped'; runId: null; reason: string };

export function checkPlan(answer: Plan, agentIds: ReadonlySet<string>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  answer.steps.forEach((step, index) => {
    if (step.order !== index + 1) issues.push({ path: `steps.${index}.order`, rule: 'order', message: `must be ${index + 1} (steps are numbered 1, 2, 3 ... in order)` });
    if (step.agentId !== null && !agentIds.has(step.agentId)) {
      issues.push({ path: `steps.${index}.agentId`, rule: 'agent', message: `"${step.agentId}" is not an agent of this Nova; use one of the listed ids or null` });
    }
  });
  return issues;
}
