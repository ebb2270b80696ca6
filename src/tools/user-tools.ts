import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { isNovaError } from '../core/errors.ts';
import type { ToolDefinition } from '../core/tool-spec.ts';
import { importUserModule } from '../core/user-module.ts';
import { defineTool, isDefinedTool } from './define-tool.ts';
import { errorMessage } from '../core/error-message.ts';

/** A folder of tool files, and where the config names it (for a folder that does not exist). */
export interface ToolDirectory {
  path: string;
  declaredAt?: { file: string; line: number; column: number; path: string };
}

/** A problem with a tool file, located as an editor would show it. */
export interface ToolLoadIssue {
  file: string;
  line: number;
  column: number;
  /** The field of the tool (`name`, `description`, `input`, ...), '' for the file itself. */
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

/** A tool the user wrote, and the file it came from. */
export interface UserTool {
  tool: ToolDefinition;
  file: string;
}

export interface UserTools {
  tools: UserTool[];
  issues: ToolLoadIssue[];
}

const toolFile = /\.tool\.(mts|ts|mjs|js)$/;

/**
 * Loads the tools the user wrote: every `*.tool.mts` (`.ts`, `.mjs`, `.js`) in the folders, in order.
 * A file exports its tool by default (`export default defineTool({...})`, or a function given
 * `{ defineTool, z }`), and may export more by name. A file that does not load, a tool that does not
 * define, and a name that a built-in tool or another file already has are issues with the file and
 * field; the tool is left out, and nothing else is (an agent that allows it is then told the tool is unknown).
 */
export async function loadUserTools(directories: readonly ToolDirectory[], builtinNames: ReadonlySet<string>): Promise<UserTools> {
  const tools: UserTool[] = [];
  const issues: ToolLoadIssue[] = [];
  const seen = new Map<string, string>();
  for (const directory of directories) {
    if (!existsSync(directory.path)) {
      if (directory.declaredAt !== undefined) {
        const at = directory.declaredAt;
        issues.push({ file: at.file, line: at.line, column: at.column, path: at.path, message: `tools folder ${directory.path} does not exist`, severity: 'warning' });
      }
      continue;
    }
    const files = readdirSync(directory.path)
      .filter((name) => toolFile.test(name))
      .sort()
      .map((name) => join(directory.path, name))
      .filter((file) => statSync(file).isFile());
    for (const file of files) {
      for (const loaded of await toolsOfFile(file, issues)) {
        const issue = (message: string) => issues.push({ file, line: 1, column: 1, path: 'name', message, severity: 'error' });
        if (builtinNames.has(loaded.name)) issue(`"${loaded.name}" is the name of a built-in tool; give this tool another name (built-in tools cannot be replaced)`);
        else if (seen.has(loaded.name)) issue(`"${loaded.name}" is already defined by ${seen.get(loaded.name)}; tool names must be unique`);
        else {
          seen.set(loaded.name, file);
          tools.push({ tool: loaded, file });
        }
      }
    }
  }
  return { tools, issues };
}

async function toolsOfFile(file: string, issues: ToolLoadIssue[]): Promise<ToolDefinition[]> {
  const issue = (path: string, message: string) => issues.push({ file, line: 1, column: 1, path, message, severity: 'error' });
  let module: Record<string, unknown>;
  try {
    module = await importUserModule(file);
  } catch (error) {
    // `export default defineTool({...})` runs when the file loads: its refusal names the fields.
    if (!reportFields(error, issue)) issue('', `cannot load: ${errorMessage(error)}`);
    return [];
  }
  const found: ToolDefinition[] = [];
  for (const [name, exported] of Object.entries(module)) {
    let value: unknown;
    try {
      value = typeof exported === 'function' && name === 'default' ? (exported as (kit: unknown) => unknown)({ defineTool, z }) : exported;
    } catch (error) {
      if (!reportFields(error, issue)) issue(name === 'default' ? '' : name, errorMessage(error));
      continue;
    }
    if (isDefinedTool(value)) found.push(value);
    else if (name === 'default') issue('', 'the default export is not a tool: export default defineTool({ name, description, input, execute })');
  }
  if (found.length === 0 && !issues.some((entry) => entry.file === file)) issue('', 'defines no tool: export default defineTool({ name, description, input, execute })');
  return found;
}

/** A refusal of defineTool as one issue per field it named; false for any other error. */
function reportFields(error: unknown, issue: (path: string, message: string) => void): boolean {
  const fields = isNovaError(error) ? error.detailsOf('config_invalid')?.issues : undefined;
  if (fields === undefined || fields.length === 0) return false;
  for (const field of fields) issue(field.path, field.message);
  return true;
}
