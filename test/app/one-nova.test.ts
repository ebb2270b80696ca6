import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { openNova, type Nova } from '../../src/app/nova.ts';
import { schemaFromZod } from '../../src/core/schema.ts';
import type { ToolDefinition } from '../../src/core/tool-spec.ts';
import { runAgent } from '../../src/runtime/run-agent.ts';
import * as storeModule from '../../src/store/store.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';

// Counts how often a store is opened: the pipeline-running agents must use the one Nova's store.
vi.mock('../../src/store/store.ts', async (importOriginal) => {
  const original = await importOriginal<typeof storeModule>();
  return { ...original, openStore: vi.fn(original.openStore) };
});

const rolled: number[] = [];
const dice: ToolDefinition<{ sides: number }, { value: number }> = {
  name: 'roll_dice',
  description: 'rolls a die (always its highest face, for the test)',
  input: schemaFromZod(z.object({ sides: z.number().int().min(2) })),
  execute: async ({ sides }) => (rolled.push(sides), { value: sides }),
};

describe('one composition root', () => {
  let home: ReturnType<typeof temporaryDirectory>;
  let nova: Nova | undefined;
  afterEach(async () => {
    await nova?.close();
    home.remove();
  });

  it('runs a pipeline from the pipeline-runner agent on the same Nova: its store (opened once) and the tools the program added', async () => {
    home = temporaryDirectory();
    mkdirSync(join(home.path, 'pipelines'), { recursive: true });
    writeFileSync(join(home.path, 'pipelines', 'roll.yaml'), 'id: roll\ndescription: rolls the dice the program added\nsteps:\n  - id: throw\n    tool: roll_dice\n    input: { sides: 6 }\noutputs: "${{ steps.throw.output.value }}"\n');
    vi.mocked(storeModule.openStore).mockClear();
    nova = await openNova({ env: { NOVA_HOME: home.path }, tools: new Map([[dice.name, dice as ToolDefinition]]) });
    expect(nova.tools.has('roll_dice')).toBe(true);
    expect(nova.tools.has('erp_sql')).toBe(true);

    const runner = nova.agents.get('pipeline-runner');
    const result = await runAgent({ agent: runner, input: { pipeline: 'roll' }, store: nova.store, tools: nova.tools, files: nova.files, findAgent: (id) => (nova!.agents.has(id) ? nova!.agents.get(id) : undefined) });
    expect(result).toMatchObject({ status: 'succeeded', output: { pipeline: 'roll', status: 'succeeded', output: 6 } });
    expect(rolled).toEqual([6]);
    expect(storeModule.openStore).toHaveBeenCalledTimes(1);
    const pipelineRunId = (result.output as { runId: string }).runId;
    expect(await nova.store.runs.get(pipelineRunId)).toMatchObject({ parentRunId: result.runId, target: 'roll', status: 'succeeded' });
  });

  it('refuses a tool or handler with the name of a built-in, instead of replacing it', async () => {
    home = temporaryDirectory();
    await expect(openNova({ env: { NOVA_HOME: home.path }, tools: new Map([['erp_sql', dice as ToolDefinition]]) })).rejects.toMatchObject({ code: 'config_invalid', message: expect.stringContaining('The tool "erp_sql" given to openNova has the name of a built-in tool') });
    await expect(openNova({ env: { NOVA_HOME: home.path }, handlers: { summarize: async () => ({}) } })).rejects.toMatchObject({ code: 'config_invalid', message: expect.stringContaining('handler "summarize"') });
  });
});
