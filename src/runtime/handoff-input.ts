import type { AgentDefinition } from '../core/agent-spec.ts';
import type { HandoffEnvelope } from '../core/handoff-envelope.ts';

/** The target's input built from an envelope, or why the envelope cannot fill it. */
export type HandoffInputResult =
  | { ok: true; input: Record<string, unknown>; unreadFacts: string[] }
  | { ok: false; message: string; hint: string; details: Record<string, unknown> };

/**
 * Maps an envelope onto the target's input schema. The task goes to the field the target reads a
 * request from: `text` when the schema has it (or there is no schema), else `request`; a target with
 * neither takes the task from nowhere, and its required fields must all come from the facts. Facts
 * whose names are input fields are passed as those fields (a `text` fact never replaces the task).
 *
 * A model target gets the whole envelope rendered as a brief (task, facts, constraints, history), since
 * it reads prose. A code target gets the task verbatim: it parses its request deterministically, and a
 * header like "Task from planner" would be read as part of the request (a language detector would
 * detect the header's language, the memory agent would store it). Facts that are not fields of a code
 * target's input reach nothing it reads: they are listed in `unreadFacts` for the sender's run to warn
 * about (they stay in the journalled envelope), not refused, since context such as a plan's goal is
 * normal to send.
 */
export function handoffInput(target: AgentDefinition, envelope: HandoffEnvelope, brief: string): HandoffInputResult {
  const targetId = target.spec.id;
  const jsonSchema = target.inputSchema?.jsonSchema;
  const properties = jsonSchema?.['properties'];
  const fields = typeof properties === 'object' && properties !== null ? Object.keys(properties) : [];
  const taskField = jsonSchema === undefined || fields.includes('text') ? 'text' : fields.includes('request') ? 'request' : undefined;
  const isCode = target.spec.engine === 'code';

  const input: Record<string, unknown> = {};
  const unread: string[] = [];
  for (const [key, value] of Object.entries(envelope.facts)) {
    if (key === taskField) continue;
    // Without a schema nothing declares the fields: a code target gets every fact, a model reads them in the brief.
    if (fields.includes(key) || (jsonSchema === undefined && isCode)) input[key] = value;
    else unread.push(key);
  }
  if (taskField !== undefined) input[taskField] = isCode ? envelope.task : brief;

  const required = Array.isArray(jsonSchema?.['required']) ? (jsonSchema['required'] as unknown[]).filter((name): name is string => typeof name === 'string') : [];
  const missing = required.filter((name) => !(name in input));
  if (missing.length > 0) {
    return {
      ok: false,
      message: `${targetId} cannot take this handoff: its input needs ${list(missing)}, which the task cannot give${taskField === undefined ? '' : ` (the task goes to ${taskField})`} and the facts do not`,
      hint: `Pass ${missing.map((name) => `"${name}"`).join(', ')} in the facts of the handoff (see \`nova agents show ${targetId}\` for what ${missing.length === 1 ? 'it means' : 'they mean'}).`,
      details: { missingFields: missing },
    };
  }
  return { ok: true, input, unreadFacts: isCode ? unread : [] };
}

function list(names: readonly string[]): string {
  return names.join(', ');
}
