import { z } from 'zod';
import { errorCodes, faults, type SerializedError } from './errors.ts';
import type { EventPayloads, EventType } from './events.ts';
import { handoffEnvelopeSchema } from './handoff-envelope.ts';
import { routeMethods } from './route-decision.ts';
import { runKinds, runStatuses } from './run.ts';

/**
 * The shape of every event payload of the current journal version (`eventSchemaVersion`), checked
 * when a journal row is read, so a row that does not hold what its type promises is a `store_error`
 * naming the run, the event and the field, not a crash three modules later during a resume.
 *
 * Objects are loose: a newer Nova of the same version may add optional fields (that does not bump the
 * version), and reading its rows keeps them. The map is typed against `EventPayloads`, so a payload
 * type that changes without its schema does not compile.
 */

const usage = z.looseObject({
  inputTokens: z.number(),
  outputTokens: z.number(),
  totalTokens: z.number(),
  costUsd: z.number().optional(),
});

const serializedError: z.ZodType<SerializedError> = z.looseObject({
  code: z.enum(errorCodes),
  message: z.string(),
  // JSON drops an undefined hint: absent and undefined are the same here.
  hint: z.string().optional() as z.ZodType<string | undefined>,
  fault: z.enum(faults),
  retryable: z.boolean(),
  runId: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
  cause: z.string().optional(),
}) as z.ZodType<SerializedError>;

const owner = z.looseObject({ host: z.string(), pid: z.number().int(), novaVersion: z.string().optional() });

const toolCall = { toolCallId: z.string(), toolName: z.string(), input: z.unknown() };

// The envelope as it was sent: already checked then (and its defaults applied), so read back as it is.
const envelope = handoffEnvelopeSchema;

const handlerStep = z.looseObject({ handler: z.string() });

const pipelineStepStart = z.looseObject({
  stepId: z.string(),
  path: z.string(),
  attempt: z.number().int(),
  kind: z.enum(['agent', 'tool', 'sleep', 'pipeline', 'approve']),
  idempotencyKey: z.string(),
  index: z.number().int().optional(),
  items: z.number().int().optional(),
  childRunId: z.string().optional(),
  agentId: z.string().optional(),
  toolName: z.string().optional(),
  pipelineId: z.string().optional(),
  input: z.unknown().optional(),
  until: z.string().optional(),
  message: z.string().optional(),
  resumed: z.boolean().optional(),
  supersedes: z.string().optional(),
});

const pipelineStepEnd = z.looseObject({
  stepId: z.string(),
  path: z.string(),
  attempt: z.number().int(),
  status: z.enum(['succeeded', 'failed', 'skipped']),
  index: z.number().int().optional(),
  output: z.unknown().optional(),
  error: serializedError.optional(),
  childRunId: z.string().optional(),
  durationMs: z.number(),
  reason: z.string().optional(),
  retryInMs: z.number().optional(),
  continued: z.boolean().optional(),
  recovered: z.boolean().optional(),
  usage: usage.optional(),
});

const stepDecision = z.looseObject({ stepId: z.string(), by: z.string(), comment: z.string().optional() });

const finishReason = z.enum(['stop', 'length', 'content-filter', 'tool-calls', 'error', 'other']);

export const eventPayloadSchemas: { [Type in EventType]: z.ZodType<EventPayloads[Type]> } = {
  'run-start': z.looseObject({
    kind: z.enum(runKinds),
    agentId: z.string().nullable(),
    input: z.unknown(),
    owner,
    parentRunId: z.string().nullable(),
  }),
  'run-resume': z.looseObject({ owner, resumedFrom: z.enum(runStatuses), reason: z.string() }),
  'run-supersede': z.looseObject({ by: z.string(), reason: z.string() }),
  'route-decide': z.looseObject({
    agentId: z.string().nullable(),
    confidence: z.number(),
    candidates: z.array(z.looseObject({ agentId: z.string(), score: z.number() })),
    method: z.enum(routeMethods),
    explanation: z.string(),
  }),
  'agent-start': z.looseObject({ agentId: z.string(), engine: z.enum(['model', 'code']), model: z.string().nullable() }),
  'pipeline-start': z.looseObject({
    pipelineId: z.string(),
    file: z.string(),
    digest: z.string(),
    source: z.string(),
    allowedPaths: z.array(z.string()).optional(),
  }),
  'model-call': z.looseObject({ step: z.number().int(), model: z.string(), attempt: z.number().int(), repair: z.boolean(), label: z.string().optional() }),
  'model-result': z.looseObject({
    step: z.number().int(),
    finishReason,
    rawFinishReason: z.string().nullable(),
    text: z.string(),
    toolCalls: z.array(z.looseObject(toolCall)),
    usage,
    durationMs: z.number(),
  }),
  'tool-call': z.looseObject({ step: z.number().int(), ...toolCall }),
  'tool-result': z.looseObject({
    step: z.number().int(),
    toolCallId: z.string(),
    toolName: z.string(),
    ok: z.boolean(),
    output: z.unknown().optional(),
    error: serializedError.optional(),
    durationMs: z.number(),
  }),
  'handoff-send': z.looseObject({ step: z.number().int(), envelope }),
  'handoff-accept': z.looseObject({ step: z.number().int(), envelope, childRunId: z.string() }),
  'handoff-reject': z.looseObject({
    step: z.number().int(),
    targetId: z.string(),
    mode: z.enum(['transfer', 'delegate']),
    reason: z.string(),
    error: serializedError,
  }),
  'delegate-start': z.looseObject({ step: z.number().int(), envelope, childRunId: z.string() }),
  'delegate-end': z.looseObject({
    step: z.number().int(),
    childRunId: z.string(),
    targetId: z.string(),
    status: z.string(),
    output: z.unknown().optional(),
    error: serializedError.optional(),
  }),
  'step-start': z.union([pipelineStepStart, handlerStep]),
  'step-end': z.union([pipelineStepEnd, handlerStep]),
  'run-wait': z.looseObject({ reason: z.string(), stepId: z.string().optional() }),
  'step-approve': stepDecision,
  'step-reject': stepDecision,
  warning: z.looseObject({ code: z.string(), message: z.string(), step: z.number().int().optional(), details: z.record(z.string(), z.unknown()).optional() }),
  error: z.looseObject({ error: serializedError }),
  'run-end': z.looseObject({
    status: z.enum(['succeeded', 'failed', 'cancelled']),
    output: z.unknown(),
    error: serializedError.nullable(),
    usage,
  }),
};
