import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPipelineFiles, loadNovaPipelines, shippedPipelinesDirectory } from '../../src/pipelines/pipeline-registry.ts';
import { openNova, type Nova } from '../../src/app/nova.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';

/**
 * The shipped pipelines name agents that other parts of Nova provide. Each loads and validates
 * against the real registry: every agent it names is there and the pipeline is valid, or the one
 * that is not is reported precisely, at the line and column where the file names it.
 */
describe('the shipped pipelines', () => {
  let home: { path: string; remove: () => void };
  let nova: Nova;
  beforeAll(async () => {
    home = temporaryDirectory();
    nova = await openNova({ env: { NOVA_HOME: home.path } });
  });
  afterAll(async () => {
    await nova.close();
    home.remove();
  });

  const files = listPipelineFiles(shippedPipelinesDirectory);

  it('are airep-daily and month-end-close', () => {
    expect(files.map((file) => file.slice(shippedPipelinesDirectory.length + 1)).sort()).toEqual(['airep-daily.yaml', 'month-end-close.yaml']);
  });

  it.each(files)('%s is named after its id, as every pipeline file must be', (file) => {
    expect(`${/^id:\s*(\S+)/m.exec(readFileSync(file, 'utf8'))?.[1]}.yaml`).toBe(basename(file));
  });

  it.each(files)('%s loads, or names precisely the agent that is missing', (file) => {
    const registry = loadNovaPipelines(nova);
    const text = readFileSync(file, 'utf8');
    const named = [...text.matchAll(/^(\s*(?:-\s+)?agent:\s*)([a-z0-9-]+)\s*$/gm)].map((match) => {
      const line = text.slice(0, match.index).split('\n').length;
      return { agent: match[2]!, line, column: match[1]!.length + 1 };
    });
    expect(named.length).toBeGreaterThan(0);
    const missing = named.filter((entry) => !nova.agents.has(entry.agent));
    const issues = registry.issues.filter((issue) => issue.file === file).map((issue) => `${issue.line}:${issue.column} ${issue.message}`);
    if (missing.length === 0) {
      expect(issues).toEqual([]);
      const id = /^id:\s*(\S+)/m.exec(text)![1]!;
      expect(registry.get(id).steps.length).toBeGreaterThan(0);
    } else {
      for (const entry of missing) expect(issues).toContainEqual(expect.stringMatching(new RegExp(`^${entry.line}:${entry.column} unknown agent "${entry.agent}"`)));
    }
  });
});
