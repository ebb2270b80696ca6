import { readFileSync } from 'node:fs';
import { requireUtf8Text } from '../core/utf8-text.ts';
import { resolve } from 'node:path';
import type { AgentDefinition } from '../core/agent-spec.ts';
import { NovaError } from '../core/errors.ts';
import { errorMessage } from '../core/error-message.ts';

export interface RunInputArguments {
  text: string | undefined;
  inputJson: string | undefined;
  file: string | undefined;
}

/**
 * Builds an agent's input from the command line: `--input` JSON is the base object, the text argument
 * becomes `text`, and `--file` becomes `file` (an absolute path) when the agent's input schema has a
 * `file` field (agents that stream big files), else the file's content becomes the `text`.
 */
export function buildRunInput(agent: AgentDefinition, args: RunInputArguments): Record<string, unknown> {
  const input = args.inputJson === undefined ? {} : parseInputJson(args.inputJson);
  if (args.text !== undefined) setOnce(input, 'text', args.text, 'the text argument');
  if (args.file !== undefined) {
    const path = resolve(args.file);
    if (acceptsField(agent, 'file')) {
      setOnce(input, 'file', path, '--file');
    } else {
      const content = readInputFile(path);
      input['text'] = typeof input['text'] === 'string' ? `${input['text']}\n\n${content}` : content;
    }
  }
  return input;
}

function parseInputJson(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = errorMessage(error);
    const position = /position (\d+)/.exec(message);
    const where = position === null ? '' : ` (${lineAndColumn(text, Number(position[1]))})`;
    throw new NovaError({
      code: 'input_invalid',
      fault: 'user',
      message: `--input is not valid JSON: ${message}${where}`,
      hint: `Quote the JSON for your shell, e.g. --input '{"text": "hello"}'.`,
      details: { position: position === null ? null : Number(position[1]) },
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new NovaError({
      code: 'input_invalid',
      fault: 'user',
      message: `--input must be a JSON object, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`,
      hint: `Pass an object such as --input '{"text": "hello"}'.`,
    });
  }
  return value as Record<string, unknown>;
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position).split('\n');
  return `line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
}

function setOnce(input: Record<string, unknown>, field: string, value: string, source: string): void {
  if (input[field] !== undefined) {
    throw new NovaError({
      code: 'input_invalid',
      fault: 'user',
      message: `"${field}" is given twice: in --input and as ${source}`,
      hint: 'Give it once.',
    });
  }
  input[field] = value;
}

function acceptsField(agent: AgentDefinition, field: string): boolean {
  const properties = agent.inputSchema?.jsonSchema['properties'];
  return typeof properties === 'object' && properties !== null && field in properties;
}

function readInputFile(path: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new NovaError({
      code: 'input_invalid',
      fault: 'user',
      message: `Cannot read --file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      hint: 'Check the path and that the file is readable.',
      cause: error,
    });
  }
  return requireUtf8Text(bytes, path, { label: '--file' });
}
