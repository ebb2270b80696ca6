import { describe, expect, it } from 'vitest';
import { firstJsonError, parseJsonText } from '../../src/domains/reports/json-text.ts';

describe('parseJsonText', () => {
  it('parses JSON', () => {
    expect(parseJsonText('{"a": [1, 2.5e3, true, null, "x\\u00e9"]}')).toEqual({ ok: true, value: { a: [1, 2500, true, null, 'xé'] } });
  });

  it.each([
    ['{"a":}', 1, 6, 'unexpected "}"'],
    ['{\n  "a": 1,\n  "b": tru}', 3, 11, 'unexpected "}"'],
    ['[1, 2', 1, 6, 'unexpected end of input'],
    ['{"a": 1} x', 1, 10, 'unexpected "x"'],
    ['{"a": 1,}', 1, 9, 'unexpected "}"'],
    ["{'a': 1}", 1, 2, 'unexpected "\'"'],
    ['{"a" 1}', 1, 6, 'unexpected "1"'],
    ['[01]', 1, 3, 'unexpected "1"'],
    ['["tab\there"]', 1, 6, 'unexpected "\\t"'],
    ['', 1, 1, 'unexpected end of input'],
  ])('locates the error in %j at line %i, column %i', (text, line, column, description) => {
    const result = parseJsonText(text);
    expect(result).toMatchObject({ ok: false, problem: { line, column, description } });
  });

  it('scans nesting of any depth without overflowing the stack', () => {
    expect(firstJsonError(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toBeNull();
    expect(firstJsonError(`${'['.repeat(100_000)}${']'.repeat(99_999)}`)).toBe(200_000 - 1);
  });
});
