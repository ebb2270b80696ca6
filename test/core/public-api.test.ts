import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as nova from '../../src/index.ts';
import { temporaryDirectory } from '../support/temporary-directory.ts';

describe('the public API (src/index.ts, the package main)', () => {
  it('opens Nova, routes a request and lists the pipelines and sessions with nothing but its exports', async () => {
    const directory = temporaryDirectory();
    const opened = await nova.openNova({ env: { NOVA_HOME: join(directory.path, 'home') } });
    try {
      const router = await nova.openRouter({ agents: opened.agents.list(), store: opened.store, home: opened.home });
      const { decision } = await router.route('translate this email into Spanish');
      expect(decision).toMatchObject({ agentId: 'translator', method: 'lexical' });
      expect(nova.loadNovaPipelines(opened).list().map((pipeline) => pipeline.id)).toEqual(expect.arrayContaining(['airep-daily', 'month-end-close']));
      expect(await nova.createSessionRepository(opened.store).list()).toEqual([]);
      expect(nova.routingOverlap([{ id: 'a', name: 'A', description: 'x', samples: ['one two three'] }])).toEqual([]);
      for (const name of ['startPipelineRun', 'resumePipelineRun', 'decideStep', 'ScheduleService', 'ChatLoop', 'createEmbeddingModel', 'runAgent'] as const) expect(typeof nova[name], name).toBe('function');
    } finally {
      await opened.close();
      directory.remove();
    }
  });
});
