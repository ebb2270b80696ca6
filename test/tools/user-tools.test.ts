import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseJsonOutput, runCli } from '../support/cli.ts';
import { useFakeModelHome } from '../support/fake-model-home.ts';

const diceTool = `import { defineTool, z } from 'nova';

export default defineTool({
  name: 'roll_dice',
  description: 'Rolls a die with the given number of sides.',
  input: z.object({ sides: z.number().int().min(2) }),
  output: z.object({ value: z.number().int(), runId: z.string() }),
  execute: async ({ sides }, context) => ({ value: sides, runId: context.runId }),
});
`;

const rollerAgent = '---\nid: roller\nname: Roller\ncategory: chat\ndescription: Rolls dice for board games when asked.\nsamples: [roll a die, roll a d20, throw the dice for me]\nengine: model\ntools: [roll_dice]\n---\nRoll the dice the user asks for with roll_dice and say what came up.\n';

describe('tools the user writes', () => {
  const fixture = useFakeModelHome();

  function writeHome(files: Record<string, string>): void {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(fixture.home, path, '..'), { recursive: true });
      writeFileSync(join(fixture.home, path), text);
    }
  }

  it('a tool in $NOVA_HOME/tools is called by a user agent through the provider path, and journalled', async () => {
    writeHome({ 'tools/dice.tool.mts': diceTool, 'agents/roller.md': rollerAgent });
    fixture.server.enqueue({ toolCalls: [{ id: 'call_1', name: 'roll_dice', arguments: { sides: 20 } }] }, { text: 'You rolled a 20.' });
    const result = parseJsonOutput(await runCli(['run', 'roller', 'roll a d20', '--json'], fixture.env));
    expect(result).toMatchObject({ status: 'succeeded', output: { text: 'You rolled a 20.' } });
    const offered = (fixture.server.requests[0]?.body as { tools?: Array<{ function: { name: string; parameters: { properties: Record<string, unknown> } } }> }).tools;
    expect(offered?.map((tool) => tool.function.name)).toEqual(['roll_dice']);
    expect(offered?.[0]?.function.parameters.properties).toHaveProperty('sides');

    const events = parseJsonOutput(await runCli(['runs', 'show', String(result['runId']), '--json'], fixture.env))['events'] as Array<{ type: string; payload: Record<string, unknown> }>;
    expect(events.find((event) => event.type === 'tool-call')?.payload).toMatchObject({ toolName: 'roll_dice', input: { sides: 20 } });
    expect(events.find((event) => event.type === 'tool-result')?.payload).toMatchObject({ toolName: 'roll_dice', ok: true, output: { value: 20, runId: result['runId'] } });

    const listed = parseJsonOutput(await runCli(['tools', 'list', '--json'], fixture.env));
    expect(listed['tools']).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'roll_dice', origin: 'user', file: join(fixture.home, 'tools', 'dice.tool.mts') }), expect.objectContaining({ name: 'erp_sql', origin: 'built-in' })]));
    expect(listed['issues']).toEqual([]);
  });

  it('reports a broken tool file with its file and field, a tool named like a built-in, and an agent that allows a tool that is left out', async () => {
    writeHome({
      'tools/broken.tool.mts': "import { defineTool, z } from 'nova';\nexport default defineTool({ name: 'half', description: '', input: z.object({}), execute: async () => ({}) });\n",
      'tools/clash.tool.mjs': "export default ({ defineTool, z }) => defineTool({ name: 'erp_sql', description: 'mine', input: z.object({}), execute: async () => ({}) });\n",
      'tools/typo.tool.mts': 'export default { name: 1 };\n',
      'agents/roller.md': rollerAgent.replace('tools: [roll_dice]', 'tools: [half]'),
    });
    const listed = await runCli(['tools', 'list'], fixture.env);
    expect(listed.exitCode).toBe(1);
    expect(listed.stderr).toContain(`${join(fixture.home, 'tools', 'broken.tool.mts')}:1:1 error description: is required: say what the tool does, for the model`);
    expect(listed.stderr).toContain(`${join(fixture.home, 'tools', 'clash.tool.mjs')}:1:1 error name: "erp_sql" is the name of a built-in tool`);
    expect(listed.stderr).toContain(`${join(fixture.home, 'tools', 'typo.tool.mts')}:1:1 error the default export is not a tool`);
    expect(listed.stdout).not.toContain('half');

    const run = await runCli(['run', 'roller', 'roll', '--json'], fixture.env);
    expect(run.exitCode).not.toBe(0);
    expect(parseJsonOutput(run)).toMatchObject({ error: { message: expect.stringContaining('half') } });
  });

  it("resolves `from 'nova'` in a tool file outside the package when the real `nova` binary loads it", async () => {
    writeHome({ 'tools/dice.tool.mts': diceTool });
    const bin = new URL('../../bin/nova.js', import.meta.url).pathname;
    const { stdout } = await promisify(execFile)(process.execPath, [bin, 'tools', 'list', '--json'], { env: { PATH: process.env['PATH'] ?? '', NOVA_HOME: fixture.home }, timeout: 120_000 });
    const listed = JSON.parse(stdout) as { tools: Array<{ name: string; origin: string }>; issues: unknown[] };
    expect(listed.issues).toEqual([]);
    expect(listed.tools).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'roll_dice', origin: 'user' })]));
  }, 150_000);
});
