import type { Command } from 'commander';
import { readOnly, type CommandContext } from '../command-context.ts';
import type { Nova } from '../../app/nova.ts';
import { exitCodes, type CliIo } from '../cli-io.ts';
import { clip, table } from '../render-table.ts';

/**
 * `nova tools list [--json]`: every tool agents may allow, built-in or the user's (with its file), and
 * the problems of tool files as `file:line:column severity field: message`. Exit 1 when a tool file has an error.
 */
export async function toolsListCommand(nova: Nova, options: { json: boolean }, io: CliIo): Promise<number> {
  const fileOf = new Map(nova.userTools.tools.map((entry) => [entry.tool.name, entry.file]));
  const tools = [...nova.tools.values()]
    .map((tool) => ({ name: tool.name, description: tool.description, origin: fileOf.has(tool.name) ? 'user' : 'built-in', file: fileOf.get(tool.name) ?? null, input: tool.input.jsonSchema }))
    .sort((left, right) => left.name.localeCompare(right.name));
  const { issues } = nova.userTools;
  const exitCode = issues.some((issue) => issue.severity === 'error') ? exitCodes.failed : exitCodes.ok;
  if (options.json) {
    io.stdout(`${JSON.stringify({ tools, issues })}\n`);
    return exitCode;
  }
  io.stdout(table(['NAME', 'FROM', 'DESCRIPTION'], tools.map((tool) => [tool.name, tool.file ?? tool.origin, clip(tool.description, 70)])));
  for (const issue of issues) io.stderr(`${issue.file}:${issue.line}:${issue.column} ${issue.severity} ${issue.path === '' ? '' : `${issue.path}: `}${issue.message}\n`);
  return exitCode;
}

/** Registers the command(s) of this file on the program. */
export function registerToolsCommands(program: Command, context: CommandContext): void {
  const tools = program.command('tools').description('the tools agents may allow: built-in and yours ($NOVA_HOME/tools)');
  tools
    .command('list')
    .description('list the tools, with the problems of tool files; exit 1 on any error')
    .option('--json', 'print {tools: [...], issues: [...]}')
    .action((options: { json?: boolean }) => context.withNova((nova) => toolsListCommand(nova, { json: options.json === true }, context.io), readOnly)());
}
