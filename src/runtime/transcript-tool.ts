import { z } from 'zod';
import type { ConversationTurn } from '../core/conversation.ts';
import { NovaError } from '../core/errors.ts';
import type { RunEvent } from '../core/events.ts';
import { schemaFromZod } from '../core/schema.ts';
import type { ToolDefinition } from '../core/tool-spec.ts';
import type { Store } from '../store/store.ts';

export const transcriptToolName = 'read_transcript';

/**
 * The tool an agent that was handed work gets, to read its sender's conversation by reference (the
 * envelope's `history.runId`) instead of having it pasted in. It reads only that run.
 */
export function transcriptTool(store: Store, senderRunId: string): ToolDefinition<{ runId: string; last?: number }, { runId: string; turns: ConversationTurn[] }> {
  return {
    name: transcriptToolName,
    description: `Reads the conversation of run ${senderRunId}, the run that handed you this work. Use it only when the brief is not enough.`,
    input: schemaFromZod(z.object({ runId: z.string(), last: z.number().int().min(1).optional() })),
    async execute({ runId, last }) {
      if (runId !== senderRunId) {
        throw new NovaError({ code: 'tool_not_allowed', fault: 'model', message: `read_transcript may read run ${senderRunId} only, not ${runId}`, hint: 'Use the run id given in the brief.' });
      }
      const turns = conversationOf(await store.journal.read(runId));
      return { runId, turns: last === undefined ? turns : turns.slice(-last) };
    },
  };
}

/** A run's conversation as the journal tells it: its input, then each answer of its model. */
export function conversationOf(events: readonly RunEvent[]): ConversationTurn[] {
  const turns: ConversationTurn[] = [];
  for (const event of events) {
    if (event.type === 'run-start') {
      const text = (event.payload.input as { text?: unknown } | null)?.text;
      if (typeof text === 'string') turns.push({ role: 'user', text });
    } else if (event.type === 'model-result' && event.payload.text.trim() !== '') {
      turns.push({ role: 'assistant', text: event.payload.text });
    }
  }
  return turns;
}
