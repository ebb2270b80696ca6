import type { Command } from 'commander';
import { readOnly, type CommandContext } from '../command-context.ts';
import { existsSync, mkdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { agentIdPattern } from '../../core/agent-spec.ts';
import { writeFileAtomically } from '../../core/atomic-file.ts';
import { NovaError } from '../../core/errors.ts';
import { formatFileIssues } from '../../core/yaml-document.ts';
import type { LoadedAgent } from '../../agents/agent-registry.ts';
import { codeAgentTemplate, codeHandlerTemplate, modelAgentTemplate } from '../../agents/agent-templates.ts';
import type { Nova } from '../../app/nova.ts';
import { exitCodes, type CliIo } from '../cli-io.ts';
import { clip, table } from '../render-table.ts';

/** `nova agents list [--category C] [--json]` */
export async function agentsListCommand(nova: Nova, options: { category: string | undefined; json: boolean }, io: CliIo): Promise<number> {
  const agents = nova.agents.list().filter((agent) => options.category === undefined || agent.spec.category === options.category);
  // Warnings about the setup rather than one agent (a configured folder that is missing) explain agents
  // missing from the list, so they are shown here too, on stderr (stdout stays the list or its JSON).
  for (const issue of nova.agents.issues.filter((entry) => entry.severity === 'warning' && entry.agentId === null)) {
    io.stderr(`warning: ${formatFileIssues([issue])}\n`);
  }
  if (options.json) {
    io.stdout(`${JSON.stringify({ agents: agents.map(summary) })}\n`);
    return exitCodes.ok;
  }
  if (agents.length === 0) {
    const categories = [...new Set(nova.agents.list().map((agent) => agent.spec.category))].sort();
    io.stdout(`No agents${options.category === undefined ? '' : ` in category "${options.category}"; categories: ${categories.join(', ')}`}.\n`);
    return exitCodes.ok;
  }
  const rows = agents.map((agent) => [agent.spec.id, agent.spec.category, agent.spec.engine, agent.origin + (agent.overrides.length > 0 ? ' (overrides)' : ''), clip(agent.spec.description, 70)]);
  io.stdout(table(['ID', 'CATEGORY', 'ENGINE', 'FROM', 'DESCRIPTION'], rows));
  const errors = nova.agents.issues.filter((issue) => issue.severity === 'error').length;
  if (errors > 0) io.stderr(`${errors} problem(s) in agent files keep agents out of this list: see \`nova agents lint\`.\n`);
  return exitCodes.ok;
}

/** `nova agents show <id> [--json]`: spec, source file, whether it overrides a shipped agent, tools, handoffs. */
export async function agentsShowCommand(nova: Nova, options: { id: string; json: boolean }, io: CliIo): Promise<number> {
  const agent = nova.agents.get(options.id);
  if (options.json) {
    io.stdout(`${JSON.stringify({ agent: { ...summary(agent), spec: agent.spec } })}\n`);
    return exitCodes.ok;
  }
  const { spec } = agent;
  const lines = [
    `${spec.id}  ${spec.name}`,
    `  ${spec.description}`,
    `category     ${spec.category}`,
    `engine       ${spec.engine}${spec.engine === 'model' ? ` · model ${spec.model}` : ''}${spec.handler === undefined ? '' : ` · handler ${spec.handler}`}`,
    `source       ${agent.source} (${agent.origin})`,
    ...(agent.overrides.length > 0 ? [`overrides    ${agent.overrides.join(', ')}`] : []),
    `tools        ${list(spec.tools)}`,
    `handoffs     ${list(spec.handoffs)}`,
    `delegates    ${list(spec.delegates)}`,
    `limits       ${spec.limits.maxSteps} steps · ${spec.limits.timeoutMs} ms${spec.limits.maxTokens === undefined ? '' : ` · ${spec.limits.maxTokens} tokens`}${spec.limits.maxCostUsd === undefined ? '' : ` · $${spec.limits.maxCostUsd}`}`,
    `input        ${spec.input === undefined ? 'any' : JSON.stringify(spec.input)}`,
    `output       ${spec.output === undefined ? '{ text }' : JSON.stringify(spec.output)}`,
    'samples',
    ...spec.samples.map((sample) => `  - ${sample}`),
  ];
  if (spec.instructions !== undefined) lines.push('instructions', ...spec.instructions.split('\n').map((line) => `  ${line}`.trimEnd()));
  io.stdout(`${lines.join('\n')}\n`);
  return exitCodes.ok;
}

/** `nova agents lint [--json]`: every problem of every agent file, with file:line; exit 1 on any error. */
export async function agentsLintCommand(nova: Nova, options: { json: boolean }, io: CliIo): Promise<number> {
  const issues = nova.agents.issues;
  const errors = issues.filter((issue) => issue.severity === 'error').length;
  const warnings = issues.length - errors;
  if (options.json) {
    io.stdout(`${JSON.stringify({ agents: nova.agents.list().length, errors, warnings, issues })}\n`);
  } else {
    for (const issue of issues) {
      io.stdout(`${issue.file}:${issue.line}:${issue.column} ${issue.severity}${issue.path === '' ? '' : ` ${issue.path}`}: ${issue.message}\n`);
    }
    io.stdout(`${nova.agents.list().length} agents loaded · ${errors} error(s) · ${warnings} warning(s)\n`);
  }
  return errors > 0 ? exitCodes.failed : exitCodes.ok;
}

export interface AgentsNewOptions {
  id: string;
  category: string | undefined;
  engine: string | undefined;
}

/** `nova agents new <id> [--category C] [--engine model|code]`: a valid agent file in the user's folder. */
export async function agentsNewCommand(nova: Nova, options: AgentsNewOptions, io: CliIo): Promise<number> {
  const engine = options.engine ?? 'model';
  if (engine !== 'model' && engine !== 'code') {
    throw new NovaError({ code: 'input_invalid', fault: 'user', message: `--engine must be model or code, got "${engine}"`, hint: 'For example --engine code.' });
  }
  const category = options.category ?? 'custom';
  for (const [what, value] of [['agent id', options.id], ['category', category]] as const) {
    if (!agentIdPattern.test(value)) {
      throw new NovaError({ code: 'input_invalid', fault: 'user', message: `Invalid ${what} "${value}": use lower-case words joined by dashes, e.g. "invoice-summary"`, hint: 'Ids are typed by people and used in files; keep them kebab-case.' });
    }
  }
  const directory = join(nova.home, 'agents');
  const file = join(directory, `${options.id}.md`);
  // .mts: an ES module wherever the folder is, with or without a package.json beside it.
  const handlerFile = join(directory, `${options.id}.mts`);
  for (const path of engine === 'code' ? [file, handlerFile] : [file]) {
    if (existsSync(path)) {
      throw new NovaError({ code: 'input_invalid', fault: 'user', message: `${path} already exists`, hint: 'Edit it, or choose another id.' });
    }
  }
  if (nova.agents.has(options.id) && nova.agents.get(options.id).origin === 'user') {
    throw new NovaError({ code: 'input_invalid', fault: 'user', message: `You already have an agent "${options.id}" (${nova.agents.get(options.id).source})`, hint: 'Choose another id.' });
  }
  mkdirSync(directory, { recursive: true });
  // Whole files or none, and never over a file that appeared since the check above.
  const write = (path: string, content: string, what: string) => writeFileAtomically(path, content, { what, existsHint: 'Edit it, or choose another id.' });
  if (engine === 'code') {
    write(handlerFile, codeHandlerTemplate(options.id), 'the handler module');
    try {
      write(file, codeAgentTemplate(options.id, category), 'the agent file');
    } catch (error) {
      unlinkSync(handlerFile);
      throw error;
    }
  } else {
    write(file, modelAgentTemplate(options.id, category), 'the agent file');
  }
  io.stdout(`${file}\n`);
  if (engine === 'code') io.stdout(`${handlerFile}\n`);
  if (nova.agents.has(options.id)) io.stderr(`note: this overrides the shipped agent "${options.id}" (${nova.agents.get(options.id).source}).\n`);
  io.stderr(`Edit the file, then check it with \`nova agents lint\` and try it with \`nova run ${options.id} "..."\`.\n`);
  return exitCodes.ok;
}

function summary(agent: LoadedAgent) {
  return {
    id: agent.spec.id,
    name: agent.spec.name,
    category: agent.spec.category,
    engine: agent.spec.engine,
    model: agent.spec.engine === 'model' ? agent.spec.model : null,
    description: agent.spec.description,
    source: agent.source,
    origin: agent.origin,
    overridden: agent.overrides.length > 0,
    overrides: agent.overrides,
    tools: agent.spec.tools,
    handoffs: agent.spec.handoffs,
    delegates: agent.spec.delegates,
  };
}

function list(values: readonly string[]): string {
  return values.length === 0 ? '-' : values.join(', ');
}

/** Registers the command(s) of this file on the program. */
export function registerAgentsCommands(program: Command, context: CommandContext): void {
  const agents = program.command('agents').description('the agents: list, show, create, lint');
  agents
    .command('list')
    .description('list the agents')
    .option('--category <category>', 'only this category (chat, pipeline, erp, language, self, ...)')
    .option('--json', 'print {agents: [...]}')
    .action((options: { category?: string; json?: boolean }) => context.withNova((nova) => agentsListCommand(nova, { category: options.category, json: options.json === true }, context.io), readOnly)());
  agents
    .command('show')
    .description("an agent's spec, source file, overrides, tools and handoffs")
    .argument('<id>', 'agent id')
    .option('--json', 'print {agent: {...}}')
    .action((id: string, options: { json?: boolean }) => context.withNova((nova) => agentsShowCommand(nova, { id, json: options.json === true }, context.io), readOnly)());
  agents
    .command('new')
    .description('write a new agent file from a template into $NOVA_HOME/agents')
    .argument('<id>', 'the new agent id, kebab-case')
    .option('--category <category>', 'its category (default custom)')
    .option('--engine <engine>', 'model (default) or code')
    .action((id: string, options: { category?: string; engine?: string }) => context.withNova((nova) => agentsNewCommand(nova, { id, category: options.category, engine: options.engine }, context.io))());
  agents
    .command('lint')
    .description('check every agent file; exit 1 on any error')
    .option('--json', 'print {agents, errors, warnings, issues}')
    .action((options: { json?: boolean }) => context.withNova((nova) => agentsLintCommand(nova, { json: options.json === true }, context.io), readOnly)());
}
