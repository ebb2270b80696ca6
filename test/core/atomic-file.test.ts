import { chmodSync, linkSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomically } from '../../src/core/atomic-file.ts';
import { NovaError } from '../../src/core/errors.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';

const thrown = (work: () => void): NovaError => {
  try {
    work();
  } catch (error) {
    if (error instanceof NovaError) return error;
    throw error;
  }
  throw new Error('expected a NovaError');
};

describe('writeFileAtomically', () => {
  let folder: { path: string; remove: () => void };
  beforeEach(() => {
    folder = temporaryDirectory();
  });
  afterEach(() => {
    chmodSync(folder.path, 0o755);
    folder.remove();
  });
  const entries = () => readdirSync(folder.path).sort();

  it('writes the whole content to a new path and leaves nothing else behind', () => {
    const path = join(folder.path, 'report.md');
    const content = `# Report\n${'row | value\n'.repeat(100_000)}`;
    writeFileAtomically(path, content);
    expect(readFileSync(path, 'utf8')).toBe(content);
    expect(entries()).toEqual(['report.md']);
    expect(statSync(path).nlink).toBe(1);
    expect(statSync(path).mode & 0o777).toBe(0o666 & ~process.umask());
  });

  it('refuses a path that exists, leaving the file as it was', () => {
    const path = join(folder.path, 'report.md');
    writeFileSync(path, 'old');
    const error = thrown(() => writeFileAtomically(path, 'new', { what: 'the report', existsHint: 'pass overwrite: true' }));
    expect(error).toMatchObject({ code: 'input_invalid', fault: 'user', message: `Cannot write the report to ${path}: it already exists`, hint: 'pass overwrite: true', details: { path, errno: 'EEXIST' } });
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(entries()).toEqual(['report.md']);
  });

  it('refuses a directory at the path, and a dangling symlink counts as taken', () => {
    const directory = join(folder.path, 'out');
    mkdirSync(directory);
    expect(thrown(() => writeFileAtomically(directory, 'x')).message).toBe(`Cannot write the file to ${directory}: it already exists, as a directory`);
    const dangling = join(folder.path, 'dangling.md');
    symlinkSync(join(folder.path, 'nowhere.md'), dangling);
    expect(thrown(() => writeFileAtomically(dangling, 'x')).details).toMatchObject({ errno: 'EEXIST' });
    expect(entries()).toEqual(['dangling.md', 'out']);
  });

  it('replaces an existing file when asked, keeping its permissions', () => {
    const path = join(folder.path, 'report.md');
    writeFileSync(path, 'old content that is longer than the new one');
    chmodSync(path, 0o600);
    writeFileAtomically(path, 'new', { overwrite: true });
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(entries()).toEqual(['report.md']);
  });

  it('removes the temporary file when the final step fails (overwriting a directory)', () => {
    const directory = join(folder.path, 'out');
    mkdirSync(directory);
    writeFileSync(join(directory, 'inside.txt'), 'x');
    const error = thrown(() => writeFileAtomically(directory, 'data', { overwrite: true }));
    expect(error).toMatchObject({ code: 'input_invalid', message: `Cannot write the file to ${directory}: it is a directory` });
    expect(entries()).toEqual(['out']);
  });

  it('says when the folder does not exist', () => {
    const path = join(folder.path, 'missing', 'report.md');
    expect(thrown(() => writeFileAtomically(path, 'x'))).toMatchObject({ message: `Cannot write the file to ${path}: its folder does not exist`, details: { errno: 'ENOENT' } });
    expect(entries()).toEqual([]);
  });

  it('says permission denied when the final step is refused, and leaves nothing behind', () => {
    // Injected rather than by chmod: the tests run as root here, which writes whatever the modes say.
    const denied = { link: () => { throw Object.assign(new Error('permission denied'), { code: 'EACCES' }); } };
    const path = join(folder.path, 'report.md');
    expect(thrown(() => writeFileAtomically(path, 'x', { _internal: denied }))).toMatchObject({ message: `Cannot write the file to ${path}: permission denied` });
    expect(entries()).toEqual([]);
  });

  it('on a filesystem without hard links, claims the name exclusively and still refuses an existing path', () => {
    const noLinks = { link: () => { throw Object.assign(new Error('operation not permitted'), { code: 'EPERM' }); } };
    const path = join(folder.path, 'report.md');
    writeFileAtomically(path, 'first', { _internal: noLinks });
    expect(readFileSync(path, 'utf8')).toBe('first');
    expect(entries()).toEqual(['report.md']);
    expect(thrown(() => writeFileAtomically(path, 'second', { _internal: noLinks })).details).toMatchObject({ errno: 'EEXIST' });
    expect(readFileSync(path, 'utf8')).toBe('first');
    expect(entries()).toEqual(['report.md']);
  });

  it('refuses a file that appears at the path while the data is being written (the link is the check)', () => {
    const path = join(folder.path, 'report.md');
    const racing = {
      link: (existing: string, target: string) => {
        writeFileSync(target, 'written by someone else meanwhile');
        linkSync(existing, target);
      },
    };
    expect(thrown(() => writeFileAtomically(path, 'mine', { _internal: racing })).details).toMatchObject({ errno: 'EEXIST' });
    expect(readFileSync(path, 'utf8')).toBe('written by someone else meanwhile');
    expect(entries()).toEqual(['report.md']);
  });
});
