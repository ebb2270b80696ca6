import type { z } from 'zod';
import { agentSpecSchema, type AgentDefinition, type AgentHandler, type AgentSpecInput } from '../core/agent-spec.ts';
import { NovaError } from '../core/errors.ts';
import { formatIssues, issuesFromZod, schemaFromZod } from '../core/schema.ts';

/** The spec of a TypeScript agent: as in an agent file, with zod schemas and the handler as a function. */
export interface DefineAgentOptions<Input, Output> extends Omit<AgentSpecInput, 'input' | 'output' | 'handler'> {
  input?: z.ZodType<Input>;
  output?: z.ZodType<Output>;
  /** Required for `engine: 'code'`; optional for model agents that orchestrate several requests. */
  handler?: (input: Input, context: Parameters<AgentHandler>[1]) => Promise<Output>;
}

// A registered symbol, not a WeakSet: an agent file outside this package may get its own copy of this module.
const definedAgentMark = Symbol.for('nova.defined-agent');

/**
 * Defines an agent in TypeScript. Put the file in `$NOVA_HOME/agents/` (or a configured folder) and
 * export the agent, by default or by name. The spec is checked here, at load time, as a file's would be.
 *
 * @example
 * export default defineAgent({
 *   id: 'greeter', name: 'Greeter', category: 'chat', engine: 'code',
 *   description: 'Greets a person by name.', samples: ['greet Ada'],
 *   input: z.object({ name: z.string() }), output: z.object({ greeting: z.string() }),
 *   handler: async ({ name }) => ({ greeting: `Hello, ${name}!` }),
 * });
 */
export function defineAgent<Input, Output>(options: DefineAgentOptions<Input, Output>): AgentDefinition {
  const { input, output, handler, ...rest } = options;
  const inputSchema = input === undefined ? undefined : schemaFromZod(input);
  const outputSchema = output === undefined ? undefined : schemaFromZod(output);
  const parsed = agentSpecSchema.safeParse({
    ...rest,
    ...(inputSchema === undefined ? {} : { input: inputSchema.jsonSchema }),
    ...(outputSchema === undefined ? {} : { output: outputSchema.jsonSchema }),
    ...(handler === undefined ? {} : { handler: 'inline' }),
  });
  if (!parsed.success) {
    throw new NovaError({
      code: 'agent_invalid',
      fault: 'user',
      message: `defineAgent(${JSON.stringify(options.id)}): ${formatIssues(issuesFromZod(parsed.error))}`,
      hint: 'Fix the fields named; the agent spec is described in the README under Agents.',
      details: { issues: issuesFromZod(parsed.error) },
    });
  }
  const definition: AgentDefinition = {
    spec: parsed.data,
    source: 'typescript',
    inputSchema,
    outputSchema,
    handler: handler as AgentHandler | undefined,
  };
  Object.defineProperty(definition, definedAgentMark, { value: true });
  return definition;
}

/** Whether a module export is an agent made by `defineAgent`. */
export function isDefinedAgent(value: unknown): value is AgentDefinition {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[definedAgentMark] === true;
}
