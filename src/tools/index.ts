import type { ToolDefinition } from '../core/tool-spec.ts';
import type { BuiltinDependencies } from './builtin-dependencies.ts';
import { createErpTools } from './erp-tools.ts';

/**
 * The tools that ship with Nova, by name. Agents allow them one by one in their `tools` list; an agent
 * that names a tool not in this set is refused when it loads.
 */
export function createBuiltinTools(dependencies: BuiltinDependencies): ReadonlyMap<string, ToolDefinition> {
  void dependencies;
  const tools = new Map<string, ToolDefinition>();
  for (const [name, tool] of createErpTools(dependencies)) tools.set(name, tool);
  return tools;
}
