import type { LanguageModelV3Message } from '@ai-sdk/provider';
import type { GenerateRequest } from '../core/agent-spec.ts';
import { NovaError } from '../core/errors.ts';
import type { GenerationContext } from './generation-context.ts';
import type { ModelTurn } from './model-turn.ts';
import { checkModelOutput, repairInstruction } from './output-validation.ts';

export type FinalAnswer =
  | { kind: 'accepted'; output: unknown; text: string }
  /** The answer was rejected and this was the first time: the messages ask the model to repair it. */
  | { kind: 'repair'; messages: LanguageModelV3Message[] };

/**
 * Judges a turn without tool calls as the final answer: empty is a failure; otherwise it must pass
 * the request's output schema and checks. The first rejected answer is kept as a warning and gets one
 * repair turn; a rejected repair fails the request.
 */
export function checkFinalAnswer(context: GenerationContext, request: Pick<GenerateRequest, 'output' | 'check'>, turn: ModelTurn, repairing: boolean): FinalAnswer {
  const modelString = context.resolved.modelString;
  const { result, step } = turn;
  const text = result.text.trim();
  if (text === '') {
    throw new NovaError({
      code: 'model_output_empty',
      fault: 'model',
      retryable: true,
      message: `${modelString} gave an empty answer (finish reason: ${result.finishReason.raw ?? result.finishReason.unified})`,
      hint: 'Try again, or use another model for this agent.',
    });
  }
  const check = checkModelOutput(text, request.output, request.check);
  if (check.ok) return { kind: 'accepted', output: check.output, text };
  if (repairing) {
    throw new NovaError({
      code: 'model_output_invalid',
      fault: 'model',
      message: `${modelString} answered with output that is invalid after one repair: ${check.problem}`,
      hint: 'The answer is in the journal (`nova runs show`). A stronger model or clearer instructions usually fix this.',
      details: { issues: check.issues },
    });
  }
  context.recorder.recordWarning('model_output_invalid', `Answer rejected, one repair asked: ${check.problem}`, { step, details: { issues: check.issues } });
  return {
    kind: 'repair',
    messages: [
      { role: 'assistant', content: [{ type: 'text', text: result.text }] },
      { role: 'user', content: [{ type: 'text', text: repairInstruction(check, request.output) }] },
    ],
  };
}
