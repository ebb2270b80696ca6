import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csvCoercions } from '../../src/domains/data/csv-coercion.ts';
import { detectDelimiter, headerNames, parseDelimiter } from '../../src/domains/data/csv-dialect.ts';
import { readCsv, type MalformedRecord } from '../../src/domains/data/csv-reader.ts';
import { JsonArrayScanner, type JsonElementText, type JsonStructureProblem } from '../../src/domains/data/json-array-scanner.ts';
import { parseJsonText } from '../../src/domains/data/json-records.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';

describe('readCsv', () => {
  let directory: { path: string; remove: () => void };
  beforeEach(() => {
    directory = temporaryDirectory();
  });
  afterEach(() => directory.remove());

  async function read(content: string | Buffer, name = 'data.csv', delimiter?: string) {
    const path = join(directory.path, name);
    writeFileSync(path, content);
    const records: Array<{ line: number; fields: string[] }> = [];
    const malformed: MalformedRecord[] = [];
    const result = await readCsv(path, delimiter === undefined ? {} : { delimiter }, {
      record: (fields, line) => records.push({ line, fields }),
      malformed: (problem) => malformed.push(problem),
    });
    return { records, malformed, delimiter: result.delimiter };
  }

  it('gives each record the line it starts on, through quoted line breaks, CRLF and blank lines', async () => {
    const { records } = await read('id,note\r\n1,"two\r\nlines"\r\n\r\n2,"say ""hi"""\r\n3,plain');
    expect(records).toEqual([
      { line: 1, fields: ['id', 'note'] },
      { line: 2, fields: ['1', 'two\r\nlines'] },
      { line: 5, fields: ['2', 'say "hi"'] },
      { line: 6, fields: ['3', 'plain'] },
    ]);
  });

  it('drops a byte-order mark and detects a semicolon or tab delimiter', async () => {
    const semicolon = await read('\ufeffname;amount\nAda;1,50\n');
    expect(semicolon.delimiter).toBe(';');
    expect(semicolon.records.map((record) => record.fields)).toEqual([
      ['name', 'amount'],
      ['Ada', '1,50'],
    ]);
    expect((await read('a\tb\n1\t2\n', 'data.tsv')).records[1]?.fields).toEqual(['1', '2']);
    expect((await read('a|b\n1|2\n', 'data.txt', '|')).records[1]?.fields).toEqual(['1', '2']);
  });

  it('reports a malformed record with its line and field, once, and goes on', async () => {
    const { records, malformed } = await read('id,name,city\n1,"Fay "the" Great",Paris\n2,Gus,Oslo\n3,Bo"b,Rome\n4,Al,Rio\n');
    expect(malformed).toEqual([
      expect.objectContaining({ line: 2, field: 2, code: 'CSV_INVALID_CLOSING_QUOTE', fatal: false }),
      expect.objectContaining({ line: 4, field: 2, code: 'INVALID_OPENING_QUOTE', fatal: false }),
    ]);
    expect(records.map((record) => record.fields[0])).toEqual(['id', '2', '4']);
    expect(records.at(-1)?.line).toBe(5);
  });

  it('says when an unclosed quote swallows the rest of the file', async () => {
    const { malformed } = await read('id,name\n1,"Ada\n2,Bob\n3,Cy\n');
    expect(malformed).toEqual([expect.objectContaining({ code: 'CSV_QUOTE_NOT_CLOSED', fatal: true })]);
    expect(malformed[0]?.message).toMatch(/never closed/);
  });
});

describe('CSV dialect', () => {
  it('detects the most frequent delimiter outside quotes, defaulting to a comma', () => {
    expect(detectDelimiter('a;b;c', 'x.csv')).toBe(';');
    expect(detectDelimiter('"a;b",c,d', 'x.csv')).toBe(',');
    expect(detectDelimiter('single', 'x.csv')).toBe(',');
    expect(detectDelimiter('a,b', 'x.tsv')).toBe('\t');
  });

  it('reads delimiter names and refuses what cannot be one', () => {
    expect(parseDelimiter('tab')).toBe('\t');
    expect(parseDelimiter('\\t')).toBe('\t');
    expect(parseDelimiter(';')).toBe(';');
    expect(() => parseDelimiter(';;')).toThrow(/delimiter must be one character/);
    expect(() => parseDelimiter('"')).toThrow(/delimiter must be one character/);
  });

  it('names empty and repeated header columns and reports each', () => {
    const header = headerNames([' id ', '', 'name', 'name']);
    expect(header.names).toEqual(['id', 'column_2', 'name', 'name_4']);
    expect(header.problems.map((problem) => problem.rule)).toEqual(['empty_column_name', 'duplicate_column_name']);
  });
});

describe('csvCoercions', () => {
  const schema = {
    type: 'object',
    properties: {
      count: { type: 'integer' },
      price: { type: ['number', 'null'] },
      active: { type: 'boolean' },
      code: { type: 'string' },
      tags: { type: 'array' },
      level: { $ref: '#/$defs/level' },
      either: { anyOf: [{ type: 'integer' }, { type: 'string' }] },
      anything: {},
    },
    $defs: { level: { enum: [1, 2, 3] } },
  };
  const [count, price, active, code, tags, level, either, anything, unknown] = csvCoercions(schema, ['count', 'price', 'active', 'code', 'tags', 'level', 'either', 'anything', 'unknown']).map((coerce) => coerce!);

  it('converts text to the type the schema asks for, when it fits', () => {
    expect(count!('42')).toBe(42);
    expect(count!('4.0')).toBe(4);
    expect(price!('-3.25')).toBe(-3.25);
    expect(active!('TRUE')).toBe(true);
    expect(active!('false')).toBe(false);
    expect(tags!('["a","b"]')).toEqual(['a', 'b']);
    expect(level!('2')).toBe(2);
  });

  it('keeps text that does not fit, so the type rule reports it as written', () => {
    expect(count!('4.5')).toBe('4.5');
    expect(count!('abc')).toBe('abc');
    expect(active!('yes')).toBe('yes');
    expect(tags!('[broken')).toBe('[broken');
  });

  it('leaves text alone where strings are allowed, and reads empty cells as missing or null', () => {
    expect(code!('007')).toBe('007');
    expect(either!('12')).toBe('12');
    expect(anything!('12')).toBe('12');
    expect(unknown!('12')).toBe('12');
    expect(count!('')).toBeUndefined();
    expect(code!('')).toBeUndefined();
    expect(price!('')).toBeNull();
  });
});

describe('JsonArrayScanner', () => {
  function scan(chunks: string[]) {
    const elements: JsonElementText[] = [];
    const problems: JsonStructureProblem[] = [];
    const scanner = new JsonArrayScanner({ onElement: (element) => elements.push(element), onProblem: (problem) => problems.push(problem) });
    for (const chunk of chunks) scanner.push(chunk);
    scanner.end();
    return { elements, problems };
  }

  it('splits the top-level array into elements, whatever the chunking', () => {
    const document = '[\n  {"a": "x],}{\\"y"},\n  [1, [2]], "str\\\\", 42 ,true,null,\n  {"b": {"c": [1,2,{"d":"}"}]}}\n]\n';
    const whole = scan([document]);
    expect(whole.problems).toEqual([]);
    expect(whole.elements.map((element) => JSON.parse(element.text) as unknown)).toEqual([{ a: 'x],}{"y' }, [1, [2]], 'str\\', 42, true, null, { b: { c: [1, 2, { d: '}' }] } }]);
    expect(whole.elements.map((element) => [element.index, element.line, element.column])).toEqual([
      [1, 2, 3],
      [2, 3, 3],
      [3, 3, 13],
      [4, 3, 22],
      [5, 3, 26],
      [6, 3, 31],
      [7, 4, 3],
    ]);
    const byCharacter = scan([...document]);
    expect(byCharacter.elements).toEqual(whole.elements);
  });

  it('reports structure problems with line and column, and goes on', () => {
    const { elements, problems } = scan(['[{"a":1} {"b":2},, {"c":3},]x']);
    expect(elements.map((element) => element.text)).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
    expect(problems.map((problem) => `${problem.line}:${problem.column} ${problem.message}`)).toEqual([
      '1:10 expected "," or "]" after element 1',
      '1:18 an empty element (two commas in a row)',
      '1:28 a comma before "]" (trailing comma)',
      '1:29 unexpected text after the end of the top-level array',
    ]);
  });

  it('reports an array or element left open at the end of the file', () => {
    expect(scan(['[{"a":1}, {"b": "open']).problems.map((problem) => [problem.row, problem.message])).toEqual([
      [2, 'element 2 is incomplete: the file ends inside a string that is never closed'],
      [null, 'the top-level array is never closed: "]" is missing at the end of the file'],
    ]);
    expect(scan(['  ']).problems[0]?.message).toMatch(/holds no JSON value/);
  });

  it('hands over a top-level value that is not an array as one element', () => {
    expect(scan(['{"a": [1, 2]}\n']).elements).toEqual([{ index: 1, text: '{"a": [1, 2]}', line: 1, column: 1 }]);
  });

  it('turns a parse error position into the line and column in the file', () => {
    expect(parseJsonText('{\n  "a": 1,\n}', 4, 10, 3)).toEqual({ ok: false, row: 4, line: 12, column: 1, message: expect.stringMatching(/^invalid JSON: /) });
    expect(parseJsonText('{"a" 1}', 2, 5, 3)).toEqual({ ok: false, row: 2, line: 5, column: 8, message: "invalid JSON: Expected ':' after property name" });
  });
});
