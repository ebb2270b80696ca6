import type { AgentHandler } from '../../core/agent-spec.ts';
import { performMemoryRequest } from '../../domains/memory/memory-actions.ts';
import { resolveMemoryRequest, type MemoryInput } from '../../domains/memory/memory-input.ts';
import { createMemoryRepository } from '../../domains/memory/memory-repository.ts';
import type { Store } from '../../store/store.ts';

/**
 * The memory agent: remembers, recalls, lists and forgets the user's notes in the store, from
 * structured input or free text understood by its grammar. No model is involved.
 */
export function createMemoryHandler(store: Store): AgentHandler {
  const repository = createMemoryRepository(store);
  return async (input) => performMemoryRequest(repository, resolveMemoryRequest(input as MemoryInput));
}
