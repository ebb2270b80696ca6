/**
 * Nova's testing surface (`nova/testing`): a deterministic scripted model that stands in for a real
 * provider in tests and benchmarks.
 */
export { ScriptedModel } from './scripted-model.ts';
export type {
  ScriptedAnswer,
  ScriptedFailure,
  ScriptedModelOptions,
  ScriptedToolCall,
  ScriptedTurn,
  ScriptedTurnFunction,
} from './scripted-model.ts';
