import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatFileIssues } from '../../src/core/yaml-document.ts';
import { schemaFromZod } from '../../src/core/schema.ts';
import type { ToolDefinition } from '../../src/core/tool-spec.ts';
import { codeAgent, pipelineHarness, type Harness } from './pipeline-harness.ts';

const airepInput = {
  type: 'object',
  properties: { text: { type: 'string' }, file: { type: 'string', minLength: 1 } },
  oneOf: [{ required: ['text'] }, { required: ['file'] }],
  additionalProperties: false,
};
const reportInput = {
  type: 'object',
  properties: { data: {}, format: { enum: ['markdown', 'html'] }, title: { type: 'string' } },
  required: ['data'],
  additionalProperties: false,
};

describe('pipeline validation', () => {
  let harness: Harness;
  beforeEach(async () => {
    const echo: ToolDefinition<{ text: string }> = { name: 'echo', description: 'Echoes.', input: schemaFromZod(z.object({ text: z.string() }).strict()), execute: async (input) => input };
    harness = await pipelineHarness({
      agents: [codeAgent('airep-checker', async () => ({}), { input: airepInput }), codeAgent('report-builder', async () => ({}), { input: reportInput }), codeAgent('explainer', async () => ({}))],
      tools: [echo as ToolDefinition],
    });
  });
  afterEach(async () => harness.close());

  /** Every issue of a file (named after its id, as a pipeline file must be) as `line:column path: message`. */
  function check(yaml: string, fileName = `${/^id: (\S+)$/m.exec(yaml)?.[1] ?? 'check'}.yaml`): string[] {
    const file = join(harness.directory, fileName);
    writeFileSync(file, yaml);
    const result = harness.pipelines().loadFile(file);
    return result.issues.map((issue) => `${issue.line}:${issue.column} ${issue.path}: ${issue.message}`);
  }

  it('accepts a valid pipeline with every kind of step', () => {
    harness.writePipeline('child', 'id: child\ndescription: a nested pipeline\ninputs:\n  n: { type: integer }\nsteps:\n  - id: wait\n    sleep: 1s\n');
    expect(
      check(`id: full
description: uses every kind of step
inputs:
  file: { type: string, format: path }
env: [HOME]
steps:
  - id: check
    agent: airep-checker
    input: { file: "\${{ inputs.file }}" }
  - id: echo
    tool: echo
    input: { text: "\${{ env.HOME }}" }
  - id: nap
    sleep: 1m30s
  - id: ok
    needs: [check]
    approve: "Report \${{ steps.check.output.summary.invalid }} problems?"
  - id: report
    needs: [ok, nap]
    when: "\${{ steps.check.output.summary.invalid > 0 }}"
    agent: report-builder
    input: { data: "\${{ steps.check.output }}", format: markdown }
    retry: { attempts: 3, backoff: exponential, initial: 1s, max: 10s }
    timeout: 2m
  - id: per-invalid
    needs: [check]
    foreach: "\${{ steps.check.output.reports[valid = false] }}"
    concurrency: 4
    agent: explainer
    input: { text: "\${{ item.raw }} (\${{ index }})" }
  - id: nested
    pipeline: child
    input: { n: 3 }
outputs:
  report: "\${{ steps.report.output }}"
  explained: "\${{ steps.\`per-invalid\`.output }}"
schedule: { cron: "0 7 * * 1-5", timezone: Europe/London, catchUp: last, inputs: { file: /data/today.txt } }
`),
    ).toEqual([]);
  });

  it('reports an unknown step kind and field with their line and column', () => {
    expect(check('id: kinds\ndescription: a step of no known kind\nsteps:\n  - id: list\n    shell: ls -l\n  - id: typo\n    agent: explainer\n    neds: [list]\n')).toEqual([
      '5:5 steps.0.shell: unknown step kind "shell": a step is one of agent, tool, sleep, pipeline, approve',
      '8:5 steps.1.neds: unknown field "neds" (did you mean "needs"?)',
    ]);
  });

  it('reports unknown fields of the pipeline, its inputs, retries and schedule at their own key, with the closest field', () => {
    expect(
      check(`id: fields
description: fields with typos at every level
inputs:
  file: { type: string, requird: true }
step:
  - id: a
steps:
  - id: a
    agent: explainer
    retry:
      attempts: 2
      backof: fixed
schedule: { cron: "0 7 * * *", timezone: UTC, catchup: last }
`),
    ).toEqual([
      '4:25 inputs.file.requird: unknown field "requird" (did you mean "required"?)',
      '5:1 step: unknown field "step" (did you mean "steps"?)',
      '12:7 steps.0.retry.backof: unknown field "backof" (did you mean "backoff"?)',
      '13:47 schedule.catchup: unknown field "catchup" (did you mean "catchUp"?)',
    ]);
  });

  it('reports every problem of a file in one pass: fields, expressions, needs, agents, tools and pipelines', () => {
    expect(
      check(`id: several
description: short
inputs:
  month: { type: strin }
steps:
  - id: a
    agent: ghost
    input: { text: "\${{ inputs.month }}" }
  - id: b
    tool: ecko
    needs: [a, gone]
    retry: { attempts: 0 }
  - id: c
    pipeline: nowhere
    input: { n: "\${{ steps.b.output + }}" }
    colour: red
`),
    ).toEqual([
      '2:14 description: must say in a sentence what the pipeline does (10 characters or more)',
      expect.stringMatching(/^4:18 inputs\.month\.type: Invalid option/),
      '7:12 steps.0.agent: unknown agent "ghost" (see `nova agents list`)',
      '10:11 steps.1.tool: unknown tool "ecko"; closest: echo; the tools are: echo',
      '11:16 steps.1.needs.1: needs unknown step "gone"',
      '12:24 steps.1.retry.attempts: Too small: expected number to be >=1',
      '14:15 steps.2.pipeline: unknown pipeline "nowhere" (see `nova pipeline list`)',
      expect.stringMatching(/^15:\d+ steps\.2\.input\.n: expression does not parse/),
      '16:5 steps.2.colour: unknown field "colour"',
    ]);
  });

  it('still checks the expressions a refused step writes in fields its kind does not have', () => {
    expect(
      check(`id: stray
description: a sleep with an input, a step with two kinds
steps:
  - id: a
    sleep: 1s
    input: { text: "\${{ inputs.ghost }}" }
  - id: b
    agent: explainer
    approve: "\${{ steps.a.output }}"
`),
    ).toEqual([
      '6:12 steps.0.input: a sleep step takes no input',
      expect.stringMatching(/^6:\d+ steps\.0\.input\.text: unknown input "ghost"/),
      '9:14 steps.1.approve: a step has one kind, this one has agent and approve',
      expect.stringMatching(/^9:\d+ steps\.1\.approve: step "a" is not upstream of "b"/),
    ]);
  });

  it('checks a refused file of the pipelines folder against the agents too: a short description hides no unknown agent', () => {
    harness.writePipeline('terse', 'id: terse\ndescription: short\nsteps:\n  - id: a\n    agent: ghost\n');
    const registry = harness.pipelines();
    expect(formatFileIssues(registry.issues).replaceAll(harness.directory, '')).toBe(
      [
        '/pipelines/terse.yaml:2:14 description: must say in a sentence what the pipeline does (10 characters or more)',
        '/pipelines/terse.yaml:5:12 steps.0.agent: unknown agent "ghost" (see `nova agents list`)',
      ].join('\n'),
    );
    expect(() => registry.get('terse')).toThrow(/terse.yaml:2:14 description.*\n.*terse.yaml:5:12 steps.0.agent/);
  });

  it('refuses a pipeline whose id differs from its file name, at the line of the id, saying how to fix it', () => {
    harness.writePipeline('daily', 'description: a pipeline named otherwise\nid: nightly\nsteps:\n  - id: a\n    sleep: 1s\n');
    const registry = harness.pipelines();
    expect(registry.has('nightly')).toBe(false);
    expect(formatFileIssues(registry.issues).replaceAll(harness.directory, '')).toBe(
      '/pipelines/daily.yaml:2:5 id: the id "nightly" differs from the file name daily.yaml: a pipeline file is named after its id; rename the file to nightly.yaml, or change the id to "daily"',
    );
    expect(() => registry.get('nightly')).toThrow(expect.objectContaining({ code: 'pipeline_invalid' }));
    expect(check('id: draft\ndescription: validated before it is moved\nsteps:\n  - id: a\n    sleep: 1s\n', 'draft-v2.yml')).toEqual([
      '1:5 id: the id "draft" differs from the file name draft-v2.yml: a pipeline file is named after its id; rename the file to draft.yml, or change the id to "draft-v2"',
    ]);
  });

  it('reports an unknown agent, tool and pipeline where they are named, with the closest ids', () => {
    expect(
      check(`id: names
description: names things that do not exist
steps:
  - id: a
    agent: airep-chekcer
  - id: b
    tool: ecko
  - id: c
    pipeline: nowhere
`),
    ).toEqual([
      '5:12 steps.0.agent: unknown agent "airep-chekcer"; closest: airep-checker (see `nova agents list`)',
      '7:11 steps.1.tool: unknown tool "ecko"; closest: echo; the tools are: echo',
      '9:15 steps.2.pipeline: unknown pipeline "nowhere" (see `nova pipeline list`)',
    ]);
  });

  it('reports needs on missing steps, a step needing itself, and cycles', () => {
    expect(
      check(`id: graph
description: a broken graph
steps:
  - id: a
    agent: explainer
    needs: [c]
  - id: b
    agent: explainer
    needs: [b, a, gone]
  - id: c
    agent: explainer
    needs: a
`),
    ).toEqual([
      '6:12 steps.0.needs: cycle in needs: a → c → a',
      '9:13 steps.1.needs.0: step "b" needs itself',
      '9:19 steps.1.needs.2: needs unknown step "gone"',
    ]);
  });

  it('reports an expression that does not parse at the line and column of the problem', () => {
    expect(
      check(`id: syntax
description: expressions with errors
steps:
  - id: a
    agent: explainer
    input:
      text: "before \${{ inputs.x + }} after"
      other: "\${{ steps.a.output"
`),
    ).toEqual([
      '7:35 steps.0.input.text: expression does not parse: Unexpected end of expression (JSONata S0207)',
      '8:15 steps.0.input.other: the expression is not closed: expected "}}"',
    ]);
  });

  it('reports references to steps that are not upstream, and to names that do not exist', () => {
    expect(
      check(`id: references
description: reads what it may not
inputs:
  month: { type: string }
steps:
  - id: a
    agent: explainer
    input: { text: "\${{ steps.b.output.text }}" }
  - id: b
    agent: explainer
    input: { text: "\${{ inputs.mnth }} \${{ env.SECRET }} \${{ item }}" }
  - id: c
    needs: [a]
    agent: explainer
    when: "\${{ steps.a.summary > 1 }}"
    input: { text: "\${{ input.month }}" }
outputs: "\${{ steps.nope.output }}"
`),
    ).toEqual([
      '8:25 steps.0.input.text: step "b" is not upstream of "a": add it to needs (needs: [b])',
      '11:25 steps.1.input.text: unknown input "mnth" (did you mean "month"?); the inputs are: month',
      '11:44 steps.1.input.text: env.SECRET is not listed under env: expressions see only the variables the file lists (env: [SECRET])',
      '11:62 steps.1.input.text: "item" exists only in the input of a foreach step',
      '15:16 steps.2.when: steps.a.summary: a step has output, status, error (did you mean steps.a.output.summary?)',
      '16:25 steps.2.input.text: unknown name "input": expressions read inputs, steps, item, index, env (did you mean "inputs"?)',
      '17:15 outputs: no step "nope"',
    ]);
  });

  it("reports inputs that cannot fit the agent's input schema", () => {
    expect(
      check(`id: inputs
description: inputs that the agents refuse
steps:
  - id: a
    agent: airep-checker
    input: { path: /tmp/x }
  - id: b
    agent: report-builder
    input: { format: pdf, title: "\${{ 'x' }}" }
  - id: c
    tool: echo
    input: { text: 42 }
`),
    ).toEqual([
      '6:12 steps.0.input: the input of agent airep-checker needs text or file',
      '6:14 steps.0.input.path: agent airep-checker takes no input "path"; it takes: text, file',
      '9:12 steps.1.input: the input lacks "data", which agent report-builder requires',
      '9:22 steps.1.input.format: "format" does not fit the input of agent report-builder: (value): must be one of ["markdown","html"]',
      '12:20 steps.2.input.text: "text" does not fit the input of tool echo: (value): must be string',
    ]);
  });

  it('reports durations without units, bad retries, a bad schedule and inputs the schedule lacks', () => {
    expect(
      check(`id: timing
description: times that do not parse
inputs:
  file: { type: string }
steps:
  - id: a
    sleep: 5
  - id: b
    agent: explainer
    timeout: 2 minutes
    retry: { attempts: 0 }
schedule: { cron: "0 7 * *", timezone: Europe/London }
`),
    ).toEqual([
      '7:12 steps.0.sleep: a bare number has no unit: write a duration with a unit: 500ms, 2s, 1.5m, 2h, 1d, or parts such as 1h30m',
      '10:14 steps.1.timeout: must be a duration with a unit: 500ms, 2s, 1.5m, 2h, 1d, or parts such as 1h30m',
      '11:24 steps.1.retry.attempts: Too small: expected number to be >=1',
      // Checked in the same pass as the fields the schema refused above.
      '12:11 schedule.inputs: a scheduled run needs input "file": give it under schedule.inputs or give the input a default',
      expect.stringMatching(/^12:19 schedule.cron: invalid cron pattern "0 7 \* \*"/),
    ]);
    expect(
      check(`id: timing
description: a schedule that cannot run
inputs:
  file: { type: string }
steps:
  - id: a
    sleep: 5s
schedule: { cron: "0 7 * *", timezone: Mars/Olympus }
`),
    ).toEqual([
      '8:11 schedule.inputs: a scheduled run needs input "file": give it under schedule.inputs or give the input a default',
      '8:40 schedule.timezone: unknown time zone "Mars/Olympus": give an IANA name such as Europe/London, America/New_York or UTC',
    ]);
  });

  it('refuses a pipeline that runs a refused one, and nested pipelines that run in a cycle', () => {
    harness.writePipeline('broken', 'id: broken\ndescription: runs an agent that is not there\nsteps:\n  - id: a\n    agent: ghost\n');
    harness.writePipeline('ping', 'id: ping\ndescription: runs pong, which runs ping\nsteps:\n  - id: a\n    pipeline: pong\n');
    harness.writePipeline('pong', 'id: pong\ndescription: runs ping, which runs pong\nsteps:\n  - id: a\n    pipeline: ping\n');
    harness.writePipeline('user', 'id: user\ndescription: runs the broken pipeline\nsteps:\n  - id: a\n    pipeline: broken\n');
    const registry = harness.pipelines();
    expect(registry.list()).toEqual([]);
    expect(formatFileIssues(registry.issues).replaceAll(harness.directory, '')).toBe(
      [
        '/pipelines/broken.yaml:5:12 steps.0.agent: unknown agent "ghost" (see `nova agents list`)',
        '/pipelines/ping.yaml:5:15 steps.0.pipeline: nested pipelines run in a cycle: ping → pong → ping',
        '/pipelines/pong.yaml:5:15 steps.0.pipeline: nested pipelines run in a cycle: pong → ping → pong',
        '/pipelines/user.yaml:5:15 steps.0.pipeline: pipeline "broken" is refused because its file is invalid (see `nova pipeline validate broken`)',
      ].join('\n'),
    );
    expect(() => registry.get('user')).toThrow(/Pipeline "user" is invalid:\n.*user.yaml:5:15/);
    expect(() => registry.get('usr')).toThrow('No pipeline "usr"');
  });
});
