import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NovaError } from '../../src/core/errors.ts';
import { readLineBatches } from '../../src/domains/data/line-reader.ts';
import { readTextChunks } from '../../src/domains/data/text-file.ts';
import { firstInvalidUtf8 as firstInvalidOffset } from '../../src/core/utf8-text.ts';
import { Utf8StreamDecoder } from '../../src/domains/data/utf8-decoder.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';

async function readAll(path: string, chunkBytes?: number): Promise<string> {
  let text = '';
  for await (const chunk of readTextChunks(path, chunkBytes === undefined ? {} : { chunkBytes })) text += chunk;
  return text;
}

async function failure(promise: Promise<unknown>): Promise<NovaError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof NovaError)) throw new Error(`expected a NovaError, got ${String(error)}`);
  return error;
}

describe('Utf8StreamDecoder', () => {
  it('joins characters split across chunks, whatever the split', () => {
    const bytes = Buffer.from('Zürich → 東京 😀 ok', 'utf8');
    for (let split = 1; split < bytes.length; split += 1) {
      const decoder = new Utf8StreamDecoder();
      const text = `${decoder.decode(bytes.subarray(0, split))}${decoder.decode(bytes.subarray(split))}${decoder.end()}`;
      expect(text, `split at ${split}`).toBe('Zürich → 東京 😀 ok');
    }
  });

  it('drops a UTF-8 byte-order mark and refuses UTF-16', () => {
    const withBom = new Utf8StreamDecoder();
    expect(`${withBom.decode(Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0x62, 0x63, 0x64]))}${withBom.end()}`).toBe('abcd');
    const utf16 = new Utf8StreamDecoder();
    expect(utf16.decode(Buffer.from('\ufeffid,name\n', 'utf16le'))).toBeNull();
    expect(utf16.problem?.reason).toMatch(/UTF-16/);
    const utf16WithoutBom = new Utf8StreamDecoder();
    expect(utf16WithoutBom.decode(Buffer.from('id,name,email\n1,Ada,ada@example.com\n', 'utf16le'))).toBeNull();
    expect(utf16WithoutBom.problem?.reason).toMatch(/UTF-16/);
  });

  it('gives the exact stream offset of the first invalid byte, across chunks', () => {
    const decoder = new Utf8StreamDecoder();
    expect(decoder.decode(Buffer.from('hello, wörld\n', 'utf8'))).toBe('hello, wörld\n');
    expect(decoder.decode(Buffer.from([0x61, 0x62, 0xe9, 0x63]))).toBeNull();
    expect(decoder.problem?.byteOffset).toBe(14 + 2);
  });

  it('reports a character cut off by the end of the stream', () => {
    const decoder = new Utf8StreamDecoder();
    expect(decoder.decode(Buffer.from([0x61, 0x62, 0x63, 0x64, 0xe2, 0x82]))).toBe('abcd');
    expect(decoder.end()).toBeNull();
    expect(decoder.problem).toEqual({ byteOffset: 4, reason: expect.stringMatching(/ends in the middle/) });
  });

  it('rejects overlong forms, surrogates and code points above U+10FFFF', () => {
    expect(firstInvalidOffset(Buffer.from([0x41, 0xc0, 0xaf])).index).toBe(1);
    expect(firstInvalidOffset(Buffer.from([0x41, 0x42, 0xed, 0xa0, 0x80])).index).toBe(2);
    expect(firstInvalidOffset(Buffer.from([0xf4, 0x90, 0x80, 0x80])).index).toBe(0);
    expect(firstInvalidOffset(Buffer.from('fine ✓', 'utf8')).index).toBe(8);
  });
});

describe('readTextChunks', () => {
  let directory: { path: string; remove: () => void };
  beforeEach(() => {
    directory = temporaryDirectory();
  });
  afterEach(() => directory.remove());

  it('reads a file in small chunks without breaking characters', async () => {
    const path = join(directory.path, 'text.txt');
    const text = 'ÄÖÜ äöü 😀\n'.repeat(500);
    writeFileSync(path, text);
    expect(await readAll(path, 7)).toBe(text);
  });

  it('decompresses .gz files as it reads them', async () => {
    const path = join(directory.path, 'text.txt.gz');
    writeFileSync(path, gzipSync('line one\nline two\n'));
    expect(await readAll(path)).toBe('line one\nline two\n');
  });

  it('fails on invalid UTF-8 with the byte offset, line and column', async () => {
    const path = join(directory.path, 'latin1.csv');
    writeFileSync(path, Buffer.concat([Buffer.from('id,name\n1,Zoë\n2,', 'utf8'), Buffer.from('Andr\xe9', 'latin1'), Buffer.from('\n', 'utf8')]));
    const error = await failure(readAll(path, 4));
    expect(error.code).toBe('input_invalid');
    expect(error.message).toContain(`${path} is not UTF-8 text at byte 21 (line 3, column 7)`);
    expect(error.hint).toMatch(/iconv/);
    expect(error.details).toMatchObject({ byteOffset: 21, line: 3, column: 7 });
  });

  it('says when the file is missing, or is a folder', async () => {
    const missing = await failure(readAll(join(directory.path, 'nope.csv')));
    expect(missing.message).toBe(`The file ${join(directory.path, 'nope.csv')} does not exist`);
    expect(missing.fault).toBe('user');
    mkdirSync(join(directory.path, 'folder'));
    expect((await failure(readAll(join(directory.path, 'folder')))).message).toMatch(/is a folder, not a file/);
  });

  it('says when a .gz file is not gzip', async () => {
    const path = join(directory.path, 'fake.log.gz');
    writeFileSync(path, 'plain text\n');
    expect((await failure(readAll(path))).message).toMatch(/is not a valid gzip file/);
  });
});

describe('readLineBatches', () => {
  it('splits on LF and CRLF across chunk boundaries, numbering lines from 1', async () => {
    const lines: Array<[number, string]> = [];
    for await (const batch of readLineBatches(['first\r', '\nsecond\nthi', 'rd\r\n\nfifth'])) {
      batch.lines.forEach((line, index) => lines.push([batch.firstLine + index, line]));
    }
    expect(lines).toEqual([
      [1, 'first'],
      [2, 'second'],
      [3, 'third'],
      [4, ''],
      [5, 'fifth'],
    ]);
  });

  it('refuses a line longer than the limit, naming it', async () => {
    const reading = (async () => {
      for await (const batch of readLineBatches(['ok\n', 'x'.repeat(50)], { maxLineLength: 20, source: 'big.jsonl' })) void batch;
    })();
    expect((await failure(reading)).message).toBe('Line 2 of big.jsonl is longer than 20 characters');
  });
});
