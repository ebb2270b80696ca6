import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { NovaError } from '../../src/core/errors.ts';
import { eventSchemaVersion } from '../../src/core/events.ts';
import { handoffEnvelopeSchema } from '../../src/core/handoff-envelope.ts';
import { reduceRunEvents } from '../../src/core/run-state.ts';
import { resumePipelineRun } from '../../src/pipelines/run-pipeline.ts';
import { eventsFromRows, journalReading } from '../../src/store/journal-rows.ts';
import { loadJournalFixture, readJournalFixture, type JournalFixture } from '../support/journal-fixtures.ts';
import { codeAgent, pipelineHarness, testDialects, type Harness } from '../pipelines/pipeline-harness.ts';

const handoffChain = readJournalFixture('v1-handoff-chain.json');
const interruptedPipeline = readJournalFixture('v1-interrupted-pipeline.json');

/** The fixture with its rows changed: a copy, so no test alters what another reads. */
function altered(fixture: JournalFixture, change: (row: JournalFixture['events'][number]) => JournalFixture['events'][number]): JournalFixture {
  return { ...fixture, events: fixture.events.map((row) => change({ ...row })) };
}

function rejection(work: () => unknown): NovaError {
  try {
    work();
  } catch (error) {
    if (error instanceof NovaError) return error;
    throw error;
  }
  throw new Error('expected the rows to be refused');
}

describe('journal versions', () => {
  it('is still at version 1, which the fixtures were written with (bumping it needs an upgrade and new fixtures)', () => {
    expect(eventSchemaVersion).toBe(1);
    expect(handoffChain.journalVersion).toBe(1);
    expect(interruptedPipeline.journalVersion).toBe(1);
  });

  it('reads every row of the version-1 fixtures and folds each run to what it was', () => {
    const root = eventsFromRows(handoffChain.events.filter((row) => row.run_id === handoffChain.rootRunId));
    expect(root.map((event) => event.type)).toEqual(['run-start', 'agent-start', 'model-call', 'model-result', 'delegate-start', 'delegate-end', 'model-call', 'model-result', 'handoff-send', 'handoff-accept', 'run-end']);
    expect(reduceRunEvents(root)).toMatchObject({ status: 'succeeded', output: { text: '40 and 2 make 42.' } });
    for (const run of handoffChain.runs) expect(reduceRunEvents(eventsFromRows(handoffChain.events.filter((row) => row.run_id === run.id))).status).toBe('succeeded');
    const pipeline = eventsFromRows(interruptedPipeline.events.filter((row) => row.run_id === interruptedPipeline.rootRunId));
    expect(reduceRunEvents(pipeline, { ownerAlive: false }).status).toBe('interrupted');
  });

  it('keeps the version-1 handoff envelopes valid as they were journalled', () => {
    const fixture = JSON.parse(readFileSync(new URL('../fixtures/handoff/v1-envelopes.json', import.meta.url), 'utf8')) as { envelopes: Array<{ envelope: unknown }> };
    expect(fixture.envelopes.length).toBeGreaterThanOrEqual(3);
    for (const { envelope } of fixture.envelopes) expect(handoffEnvelopeSchema.parse(envelope)).toEqual(envelope);
  });

  it('refuses a row written by a newer Nova, naming the version that wrote it', () => {
    const newer = altered(handoffChain, (row) => {
      if (row.run_id !== handoffChain.rootRunId) return row;
      if (row.type === 'run-start') row.payload = JSON.stringify({ ...JSON.parse(row.payload), owner: { host: 'h', pid: 1, novaVersion: '9.1.0' } });
      if (row.seq === 4) row.schema_version = eventSchemaVersion + 1;
      return row;
    });
    const error = rejection(() => eventsFromRows(newer.events.filter((row) => row.run_id === newer.rootRunId)));
    expect(error.code).toBe('store_error');
    expect(error.message).toContain(`event 4 (model-result) was written by Nova 9.1.0 (journal version ${eventSchemaVersion + 1})`);
    expect(error.message).toContain(`reads journal versions up to ${eventSchemaVersion}`);
    expect(error.hint).toContain('Upgrade Nova to 9.1.0');
  });

  it('refuses a version no Nova wrote, a payload that is not JSON and one that lacks a field, naming the event and the field', () => {
    const rows = (change: (row: JournalFixture['events'][number]) => JournalFixture['events'][number]) => altered(handoffChain, change).events.filter((row) => row.run_id === handoffChain.rootRunId);
    expect(rejection(() => eventsFromRows(rows((row) => (row.seq === 2 ? { ...row, schema_version: 0 } : row)))).message).toContain('event 2 (agent-start) has journal version 0, which no Nova ever wrote');
    expect(rejection(() => eventsFromRows(rows((row) => (row.seq === 3 ? { ...row, payload: '{"step": 1,' } : row)))).message).toContain('event 3 (model-call) holds a payload that is not JSON');
    const lacking = rejection(() => eventsFromRows(rows((row) => (row.seq === 4 ? { ...row, payload: JSON.stringify({ ...JSON.parse(row.payload), usage: { inputTokens: 'many' } }) } : row))));
    expect(lacking).toMatchObject({ code: 'store_error' });
    expect(lacking.message).toContain('event 4 (model-result) does not hold a valid model-result payload: usage.inputTokens');
    expect(rejection(() => eventsFromRows(rows((row) => (row.seq === 5 ? { ...row, type: 'teleport' } : row)))).message).toContain('unknown event type "teleport"');
  });

  it('upgrades an older version step by step before checking it against the current schema', () => {
    // A future version 2 that renamed agent-start's `engine` to `kind`: version-1 rows are upgraded on read.
    const reading = {
      ...journalReading,
      version: 2,
      upgrades: { 1: (event: { type: string; payload: unknown }) => (event.type === 'agent-start' ? { type: event.type, payload: renamed(event.payload as Record<string, unknown>) } : event) },
      schemas: { ...journalReading.schemas, 'agent-start': z.looseObject({ agentId: z.string(), kind: z.enum(['model', 'code']) }).strict() },
    };
    const events = eventsFromRows(handoffChain.events.filter((row) => row.run_id === handoffChain.rootRunId), reading);
    expect(events.find((event) => event.type === 'agent-start')).toMatchObject({ schemaVersion: 2, payload: { agentId: 'front', kind: 'model' } });
    expect(rejection(() => eventsFromRows(handoffChain.events, { ...reading, upgrades: {} })).message).toContain('has journal version 1, and this Nova has no upgrade from it');
  });
});

function renamed(payload: Record<string, unknown>): Record<string, unknown> {
  const { engine, model: _model, ...rest } = payload;
  return { ...rest, kind: engine };
}

describe.each(testDialects())('a version-1 journal in the store (%s)', (dialect) => {
  let harness: Harness;
  afterEach(async () => harness.close());

  it('is inspected through the store and an interrupted pipeline from it resumes, running no finished step again', async () => {
    const executions: string[] = [];
    harness = await pipelineHarness({ dialect, agents: [codeAgent('count', async (input) => (executions.push((input as { name: string }).name), { name: (input as { name: string }).name }))] });
    await loadJournalFixture(harness.store, interruptedPipeline);
    await loadJournalFixture(harness.store, handoffChain);
    expect(await harness.store.runs.get(handoffChain.rootRunId)).toMatchObject({ status: 'succeeded', output: { text: '40 and 2 make 42.' } });
    expect((await harness.store.journal.read(handoffChain.rootRunId)).length).toBe(11);
    expect(await harness.store.runs.get(interruptedPipeline.rootRunId)).toMatchObject({ status: 'interrupted' });

    const result = await resumePipelineRun({ runId: interruptedPipeline.rootRunId, runtime: harness.runtime(), _internal: harness.internals });
    expect(result).toMatchObject({ status: 'succeeded', output: { names: ['first', 'second after first', 'third'] } });
    // The first step had ended, the second's child run had finished before the crash: only the third runs now.
    expect(executions).toEqual(['third']);
  });
});
