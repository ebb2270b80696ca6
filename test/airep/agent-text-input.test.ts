import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstInvalidUtf8 } from '../../src/core/utf8-text.ts';
import { decodeUtf8, readAgentText, readUtf8File } from '../../src/handlers/pipeline/agent-text-input.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('reading the text an agent works on', () => {
  let directory: { path: string; remove: () => void };
  beforeEach(() => {
    directory = temporaryDirectory();
  });
  afterEach(() => directory.remove());

  it('finds the first byte that is not UTF-8', () => {
    expect(firstInvalidUtf8(new TextEncoder().encode('héllo wörld ✓ 𝄞')).index).toBe(22);
    expect(firstInvalidUtf8(bytes(0x61, 0x80)).index).toBe(1);
    expect(firstInvalidUtf8(bytes(0x61, 0xc3, 0x41)).index).toBe(1);
    expect(firstInvalidUtf8(bytes(0xc0, 0xaf)).index).toBe(0);
    expect(firstInvalidUtf8(bytes(0xe0, 0x80, 0xaf)).index).toBe(0);
    expect(firstInvalidUtf8(bytes(0xed, 0xa0, 0x80)).index).toBe(0);
    expect(firstInvalidUtf8(bytes(0xf4, 0x90, 0x80, 0x80)).index).toBe(0);
    expect(firstInvalidUtf8(bytes(0x61, 0x62, 0xe2, 0x9c)).index).toBe(2);
  });

  it('decodes UTF-8, dropping a byte-order mark, and refuses anything else with offset and line', () => {
    expect(decodeUtf8(bytes(0xef, 0xbb, 0xbf, 0x68, 0xc3, 0xa9), 'x.txt')).toBe('hé');
    expect(() => decodeUtf8(bytes(0x61, 0x0a, 0x62, 0x0a, 0xff), 'x.txt')).toThrow('The file x.txt is not UTF-8 text at byte 4 (line 3, column 1): byte 0xff cannot start a UTF-8 character');
    expect(() => decodeUtf8(bytes(0xfe, 0xff, 0x00, 0x61), 'x.txt')).toThrow(/at byte 0 .*UTF-16/);
  });

  it('needs an absolute path to an existing file', async () => {
    await expect(readUtf8File('relative.txt')).rejects.toThrow('"file" must be an absolute path, got relative.txt');
    await expect(readUtf8File(directory.path)).rejects.toThrow(`File ${directory.path} is a directory, not a file`);
  });

  it('takes text or file, exactly one, as a string', async () => {
    await expect(readAgentText({ text: 'abc' }, 'some-agent')).resolves.toEqual({ text: 'abc', file: null });
    await expect(readAgentText({}, 'some-agent')).rejects.toThrow('some-agent needs "text"');
    await expect(readAgentText({ text: 'a', file: '/a' }, 'some-agent')).rejects.toThrow('not both');
    await expect(readAgentText({ text: 42 }, 'some-agent')).rejects.toThrow('"text" must be a string, got number');
  });
});
