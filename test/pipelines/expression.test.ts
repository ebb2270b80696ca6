import { describe, expect, it } from 'vitest';
import { compileTemplate, evaluateTemplate, templateExpressions, type ExpressionScope } from '../../src/pipelines/expression.ts';
import { foreachItems } from '../../src/pipelines/execution/foreach-items.ts';
import { SourcePositions } from '../../src/pipelines/source-positions.ts';

const scope: ExpressionScope = {
  inputs: { month: '2024-10', limit: 2 },
  steps: { check: { output: { reports: [{ raw: 'ARP A', valid: false }, { raw: 'ARP B', valid: true }], summary: { invalid: 1 } }, status: 'succeeded', error: null } },
  env: { GREETING: 'hello' },
};

async function evaluate(text: string, extra: Partial<ExpressionScope> = {}) {
  const positions = new SourcePositions('test.yaml', `value: ${JSON.stringify(text)}\n`);
  const issues: Parameters<typeof compileTemplate>[2]['issues'] = [];
  const template = compileTemplate(text, ['value'], { positions, issues });
  if (issues.length > 0) return { issues: issues.map((issue) => `${issue.line}:${issue.column} ${issue.message}`) };
  return { value: await evaluateTemplate(template, { ...scope, ...extra }), references: templateExpressions(template).flatMap((expression) => expression.references.map((reference) => [reference.root, reference.member ?? null])) };
}

describe('pipeline expressions', () => {
  it('gives the value itself for a whole-string expression, and text for an embedded one', async () => {
    expect((await evaluate('${{ steps.check.output.summary }}')).value).toEqual({ invalid: 1 });
    expect((await evaluate('  ${{ inputs.limit }}  ')).value).toBe(2);
    expect((await evaluate('Report ${{ inputs.month }}: ${{ steps.check.output.summary }}')).value).toBe('Report 2024-10: {"invalid":1}');
    expect((await evaluate('${{ {"nested": {"ok": true}} }}')).value).toEqual({ nested: { ok: true } });
  });

  it('reads only its scope: no globals, no prototypes, no process', async () => {
    expect((await evaluate('${{ inputs.constructor }}')).value).toBeUndefined();
    expect((await evaluate('${{ inputs.__proto__ }}')).value).toBeUndefined();
    expect((await evaluate('${{ $string(process) }}')).value).toBeUndefined();
    expect((await evaluate('${{ env.PATH }}')).value).toBeUndefined();
    // $eval evaluates JSONata, over the same scope: there is no `process` in it.
    expect((await evaluate('${{ $eval("process.exit(1)") }}')).value).toBeUndefined();
  });

  it('stops a runaway expression instead of hanging the run', async () => {
    await expect(evaluate('${{ ($f := function($n){ $f($n + 1) }; $f(0)) }}')).rejects.toThrow(/Expression .* failed: .*(too deeply|too long|JSONata D101)/);
  });

  it('finds the names read from the root, not those read from items or inside lambdas', async () => {
    const result = await evaluate('${{ $count(steps.check.output.reports[valid = false]) + $$.inputs.limit + $map([1], function($x){ $x.steps }) }}');
    expect(result.references).toEqual([
      ['steps', 'check'],
      ['inputs', 'limit'],
    ]);
  });

  it('reports an expression that does not parse, and one not closed, at their column', async () => {
    expect((await evaluate('x ${{ inputs.month = }} y')).issues).toEqual(['1:29 expression does not parse: Unexpected end of expression (JSONata S0207)']);
    expect((await evaluate('x ${{ inputs.month')).issues).toEqual(['1:11 the expression is not closed: expected "}}"']);
    expect((await evaluate('${{   }}')).issues).toEqual(['1:12 empty expression ${{ }}']);
  });

  it('turns JSONata results into foreach items: a list, one match, or none', async () => {
    expect(foreachItems((await evaluate('${{ steps.check.output.reports[valid = false] }}')).value, 'per')).toEqual([{ raw: 'ARP A', valid: false }]);
    expect(foreachItems((await evaluate('${{ steps.check.output.reports[valid = true or valid = false] }}')).value, 'per')).toHaveLength(2);
    expect(foreachItems((await evaluate('${{ steps.check.output.reports[raw = "none"] }}')).value, 'per')).toEqual([]);
    expect(() => foreachItems(null, 'per')).toThrow('gave null, not a list');
  });
});
