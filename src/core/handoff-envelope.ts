import { z } from 'zod';
import { agentIdPattern } from './agent-id.ts';

export const handoffEnvelopeVersion = 1;

export const historyModeSchema = z.union([
  z.literal('none'),
  z.literal('summary'),
  z.literal('full'),
  z.string().regex(/^last:[1-9][0-9]*$/, 'must be none, summary, full or last:N'),
]);

/**
 * What travels from one agent to another: a restated task, the facts the target needs, references to
 * stored artifacts, and the transcript by reference (never pasted in). Validated when sent and when
 * received; `depth`, cycles and allow-lists are enforced by the runtime.
 */
export const handoffEnvelopeSchema = z
  .object({
    version: z.literal(handoffEnvelopeVersion),
    from: z.string().regex(agentIdPattern),
    to: z.string().regex(agentIdPattern),
    mode: z.enum(['transfer', 'delegate']),
    task: z.string().min(1, 'must restate the goal for the target agent'),
    facts: z.record(z.string(), z.unknown()).default({}),
    artifacts: z
      .array(z.object({ id: z.string().min(1), kind: z.string().min(1), title: z.string().optional() }).strict())
      .default([]),
    history: z
      .object({ mode: historyModeSchema, runId: z.string().min(1).nullable() })
      .strict()
      .default({ mode: 'none', runId: null }),
    constraints: z.array(z.string()).default([]),
    budget: z
      .object({
        steps: z.number().int().min(0).optional(),
        tokens: z.number().int().min(0).optional(),
        costUsd: z.number().min(0).optional(),
      })
      .strict()
      .default({}),
    depth: z.number().int().min(0),
  })
  .strict();

export type HandoffEnvelope = z.infer<typeof handoffEnvelopeSchema>;
export type HandoffEnvelopeInput = z.input<typeof handoffEnvelopeSchema>;

export type HistoryMode = z.infer<typeof historyModeSchema>;

/** The tool a model calls to transfer to an agent: `handoff_to_<id>`, dashes as underscores. */
export function handoffToolName(agentId: string): string {
  return `handoff_to_${agentId.replace(/-/g, '_')}`;
}

/** The tool a model calls to delegate to an agent: `delegate_to_<id>`, dashes as underscores. */
export function delegateToolName(agentId: string): string {
  return `delegate_to_${agentId.replace(/-/g, '_')}`;
}
