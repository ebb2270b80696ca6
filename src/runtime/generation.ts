import type { GenerateRequest, GenerateResult } from '../core/agent-spec.ts';
import type { ChildOutcome } from './delegation.ts';
import { checkFinalAnswer } from './final-answer.ts';
import type { GenerationContext } from './generation-context.ts';
import { resolveModelTurn } from './model-turn.ts';
import { openingMessages } from './prompt.ts';
import { dispatchToolCalls, offeredTools } from './tool-dispatch.ts';

/** A generation's result; `transfer` when the agent handed the conversation over (the child's answer is the output). */
export interface GenerationOutcome extends GenerateResult {
  transfer?: ChildOutcome;
}

/**
 * One request to the agent's model, driven to a usable answer: ask the model, run the tools it calls,
 * feed the results back, until it gives a final answer that passes the output schema and checks (one
 * repair turn allowed). Each model call is one step of the run's budget, and is journalled before it
 * is made.
 */
export async function generate(context: GenerationContext, request: GenerateRequest, options: { allowTransfer?: boolean } = {}): Promise<GenerationOutcome> {
  const allowTransfer = options.allowTransfer ?? false;
  const messages = openingMessages(context.agent, request);
  const tools = request.tools === false ? [] : offeredTools(context, allowTransfer);
  let repairing = false;
  for (;;) {
    const turn = await resolveModelTurn(context, { messages, tools, repairing, label: request.label });
    if (turn.toolCalls.length > 0) {
      const dispatched = await dispatchToolCalls(context, turn, messages, allowTransfer);
      if (dispatched.kind === 'transferred') return { output: dispatched.child.output, text: '', transfer: dispatched.child };
      continue;
    }
    const answer = checkFinalAnswer(context, request, turn, repairing);
    if (answer.kind === 'accepted') return { output: answer.output, text: answer.text };
    repairing = true;
    messages.push(...answer.messages);
  }
}
