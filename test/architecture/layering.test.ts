import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { temporaryDirectory } from '../support/temporary-directory.ts';
import { allowedImports, checkLayering } from './layering.ts';

const sourceRoot = new URL('../../src/', import.meta.url).pathname;

describe('the layering of DESIGN.md', () => {
  let folder: ReturnType<typeof temporaryDirectory> | undefined;
  afterEach(() => folder?.remove());

  function tree(files: Record<string, string>): string {
    folder = temporaryDirectory();
    const root = join(folder.path, 'src');
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return root;
  }

  it('holds in src/: no import points outward and no cycle joins two folders', () => {
    expect(checkLayering(sourceRoot)).toEqual([]);
  });

  it('knows every folder of src/ and the README describes each', () => {
    const folders = readdirSync(sourceRoot, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    const layout = readFileSync(new URL('../../README.md', import.meta.url), 'utf8').split('## Layout')[1]!.split('\n## ')[0]!;
    for (const name of folders) {
      expect(allowedImports[name], `src/${name}/ is in the layering table`).toBeDefined();
      expect(layout, `README Layout names src/${name}/`).toContain(`src/${name}/`);
    }
  });

  it('fails when core imports the command line, naming the file, line and rule', () => {
    const root = tree({ 'core/x.ts': "import type { Nova } from '../app/nova.ts';\nimport { main } from '../cli/main.ts';\n", 'cli/main.ts': 'export const main = 1;\n', 'app/nova.ts': 'export type Nova = 1;\n' });
    expect(checkLayering(root)).toEqual([
      { file: 'src/core/x.ts', line: 1, imported: '../app/nova.ts', message: 'src/core/ may not import src/app/' },
      { file: 'src/core/x.ts', line: 2, imported: '../cli/main.ts', message: 'src/core/ may not import src/cli/' },
    ]);
  });

  it('finds dynamic imports and re-exports too, and a folder the table does not know', () => {
    const root = tree({ 'store/a.ts': "export { x } from '../runtime/b.ts';\nconst later = () => import('../pipelines/c.ts');\n", 'runtime/b.ts': '', 'pipelines/c.ts': '', 'extras/d.ts': '' });
    const messages = checkLayering(root).map((violation) => `${violation.file}:${violation.line} ${violation.message}`);
    expect(messages).toEqual(expect.arrayContaining(['src/store/a.ts:1 src/store/ may not import src/runtime/', 'src/store/a.ts:2 src/store/ may not import src/pipelines/', 'src/extras/d.ts:1 src/extras/ is not a layer of DESIGN.md; add it to the layering table']));
  });

  it('reports an import cycle between folders even where each import is allowed', () => {
    const root = tree({ 'left/a.ts': "import '../right/b.ts';\n", 'right/b.ts': "import { a } from '../left/a.ts';\n" });
    const violations = checkLayering(root, { left: ['right'], right: ['left'] });
    expect(violations.map((violation) => violation.message)).toEqual(['import cycle between folders: src/left/ -> src/right/ -> src/left/']);
  });
});
