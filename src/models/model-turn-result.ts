import type {
  LanguageModelV3Content,
  LanguageModelV3FinishReason,
  LanguageModelV3GenerateResult,
  LanguageModelV3Usage,
} from '@ai-sdk/provider';

/** A tool call the model asked for. `input` is the raw JSON text, as the model wrote it. */
export interface ModelToolCall {
  toolCallId: string;
  toolName: string;
  input: string;
}

/** One model turn, the same whether it was generated or streamed. */
export interface ModelTurnResult {
  /** All text parts, concatenated. Empty when the model only called tools. */
  text: string;
  toolCalls: ModelToolCall[];
  /** `unified` is the SDK's mapping (`stop`, `length`, `tool-calls`, ...); `raw` the provider's word. */
  finishReason: LanguageModelV3FinishReason;
  /** Token counts as the provider reported them; convert with `usageFromProvider`. */
  usage: LanguageModelV3Usage;
  /** The model that actually answered, when the provider says (it may differ from the requested id). */
  responseModelId?: string;
}

/** Reduces a `doGenerate` result to a turn result. */
export function turnResultFromGenerate(result: LanguageModelV3GenerateResult): ModelTurnResult {
  const turn = turnResultFromContent(result.content, result.finishReason, result.usage);
  const modelId = result.response?.modelId;
  if (modelId !== undefined) turn.responseModelId = modelId;
  return turn;
}

function turnResultFromContent(
  content: readonly LanguageModelV3Content[],
  finishReason: LanguageModelV3FinishReason,
  usage: LanguageModelV3Usage,
): ModelTurnResult {
  let text = '';
  const toolCalls: ModelToolCall[] = [];
  for (const part of content) {
    if (part.type === 'text') text += part.text;
    else if (part.type === 'tool-call') {
      toolCalls.push({ toolCallId: part.toolCallId, toolName: part.toolName, input: part.input });
    }
  }
  return { text, toolCalls, finishReason, usage };
}
