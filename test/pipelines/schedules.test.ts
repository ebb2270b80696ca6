import { afterEach, describe, expect, it } from 'vitest';
import { cronFromPhrase } from '../../src/pipelines/schedules/schedule-phrases.ts';
import { createScheduleRepository } from '../../src/pipelines/schedules/schedule-repository.ts';
import { ScheduleService, type ServeEvent } from '../../src/pipelines/schedules/schedule-service.ts';
import { fireTimesBetween, nextFireAfter } from '../../src/pipelines/schedules/schedule-timing.ts';
import { codeAgent, pipelineHarness, testDialects, type Harness } from './pipeline-harness.ts';

describe('schedule timing', () => {
  it('reads cron patterns in their time zone, across daylight saving', () => {
    // 07:00 London is 06:00 UTC in summer time and 07:00 UTC after the clocks go back (27 Oct 2024).
    expect(fireTimesBetween('0 7 * * 1-5', 'Europe/London', new Date('2024-10-24T00:00:00Z'), new Date('2024-10-29T00:00:00Z'), 10).map((time) => time.toISOString())).toEqual([
      '2024-10-24T06:00:00.000Z',
      '2024-10-25T06:00:00.000Z',
      '2024-10-28T07:00:00.000Z',
    ]);
    // 02:30 does not exist in New York on 10 March 2024 (02:00 jumps to 03:00): it runs at 03:00 EDT.
    expect(nextFireAfter('30 2 * * *', 'America/New_York', new Date('2024-03-09T12:00:00Z'))?.toISOString()).toBe('2024-03-10T07:00:00.000Z');
  });

  it('turns recurrences in words into cron patterns, and says what is missing', () => {
    const cron = (text: string) => {
      const result = cronFromPhrase(text);
      return result.ok ? result.value.cron : result.problem;
    };
    expect(cron('schedule daily-ops every weekday at 7')).toBe('0 7 * * 1-5');
    expect(cron('every Friday at 5pm')).toBe('0 17 * * 5');
    expect(cron('mondays and thursdays at 9:15')).toBe('15 9 * * 1,4');
    expect(cron('daily at 18:30')).toBe('30 18 * * *');
    expect(cron('every 15 minutes')).toBe('*/15 * * * *');
    expect(cron('on the 1st of every month at 6')).toBe('0 6 1 * *');
    expect(cron('on the last day of the month at 23:00')).toBe('0 23 L * *');
    expect(cron('every friday')).toContain('at what time?');
    expect(cron('run month-end-close')).toBeNull();
  });
});

describe.each(testDialects())('serving schedules (%s)', (dialect) => {
  let harness: Harness;
  let ran: string[];
  afterEach(async () => harness.close());

  async function setUp(now: { value: Date }) {
    ran = [];
    harness = await pipelineHarness({ dialect, agents: [codeAgent('note', async (input) => (ran.push((input as { at: string }).at), {}))] });
    harness.writePipeline('hourly', 'id: hourly\ndescription: notes the hour it runs\ninputs:\n  at: { type: string, default: scheduled }\nsteps:\n  - id: note\n    agent: note\n    input: { at: "${{ inputs.at }}" }\n');
    const events: ServeEvent[] = [];
    const service = (signal = new AbortController().signal) =>
      new ScheduleService({ runtime: harness.runtime(), signal, clock: { now: () => now.value }, onEvent: (event) => events.push(event), _internal: harness.internals });
    return { events, service };
  }

  it('runs a time that is due, once, however many processes serve', async () => {
    const now = { value: new Date('2024-10-28T09:00:30Z') };
    const { events, service } = await setUp(now);
    await createScheduleRepository(harness.store).create({ pipelineId: 'hourly', cron: '0 * * * *', timezone: 'UTC', catchUp: 'none', inputs: {} }, new Date('2024-10-28T08:30:00Z'));
    const first = service();
    const second = service();
    await Promise.all([first.tick(), second.tick()]);
    await Promise.all([first.idle(), second.idle()]);
    expect(ran).toEqual(['scheduled']);
    expect(events.filter((event) => event.type === 'schedule-fire').map((event) => event.type === 'schedule-fire' && event.scheduledFor.toISOString())).toEqual(['2024-10-28T09:00:00.000Z']);
    // Nothing more until the next hour.
    await first.tick();
    await first.idle();
    expect(ran).toHaveLength(1);
    expect((await first.nextDue())?.toISOString()).toBe('2024-10-28T10:00:00.000Z');
    const [schedule] = await createScheduleRepository(harness.store).list();
    expect((await harness.store.runs.get(schedule!.lastRunId!))?.status).toBe('succeeded');
  });

  it('follows catchUp for times missed while nothing served: none skips, last runs the latest, all runs each', async () => {
    const now = { value: new Date('2024-10-28T12:30:00Z') };
    const { events, service } = await setUp(now);
    const repository = createScheduleRepository(harness.store);
    for (const catchUp of ['none', 'last', 'all'] as const) {
      await repository.create({ pipelineId: 'hourly', cron: '0 * * * *', timezone: 'UTC', catchUp, inputs: { at: catchUp } }, new Date('2024-10-28T08:30:00Z'));
    }
    const serving = service();
    await serving.tick();
    await serving.idle();
    expect(ran.filter((entry) => entry === 'none')).toHaveLength(0);
    expect(ran.filter((entry) => entry === 'last')).toHaveLength(1);
    expect(ran.filter((entry) => entry === 'all')).toHaveLength(4);
    const skipped = events.flatMap((event) => (event.type === 'schedule-skip' ? [[event.schedule.catchUp, event.missed.length]] : []));
    expect(skipped.sort()).toEqual([
      ['last', 3],
      ['none', 4],
    ]);
  });

  it('never drops a failure when nobody listens: a pipeline that is gone is journalled as a failed run, a failed run is told', async () => {
    const now = { value: new Date('2024-10-28T09:00:10Z') };
    await setUp(now);
    const repository = createScheduleRepository(harness.store);
    await repository.create({ pipelineId: 'vanished', cron: '0 * * * *', timezone: 'UTC', catchUp: 'none', inputs: { region: 'eu' } }, new Date('2024-10-28T08:30:00Z'));
    const lines: string[] = [];
    const serving = new ScheduleService({ runtime: harness.runtime(), signal: new AbortController().signal, clock: { now: () => now.value }, report: (line) => lines.push(line), _internal: harness.internals });
    await serving.tick();
    await serving.idle();
    const [failed] = await harness.store.runs.list({ kind: 'pipeline', status: 'failed' });
    expect(failed).toMatchObject({ target: 'vanished', agentId: null, error: { code: 'pipeline_not_found' }, input: { schedule: expect.any(String), scheduledFor: '2024-10-28T09:00:00.000Z', inputs: { region: 'eu' } } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('(pipeline vanished) failed as run ' + failed!.id + ': error[pipeline_not_found]');
  });

  it('reports a schedule whose pipeline is gone, loudly, and follows changes to a file schedule', async () => {
    const now = { value: new Date('2024-10-28T09:00:10Z') };
    const { events, service } = await setUp(now);
    await createScheduleRepository(harness.store).create({ pipelineId: 'vanished', cron: '0 * * * *', timezone: 'UTC', catchUp: 'none', inputs: {} }, new Date('2024-10-28T08:30:00Z'));
    harness.writePipeline('declared', 'id: declared\ndescription: a pipeline with its own schedule\nsteps:\n  - id: note\n    agent: note\n    input: { at: declared }\nschedule: { cron: "*/5 * * * *", timezone: UTC }\n');
    const serving = service();
    await serving.tick();
    await serving.idle();
    expect(events.find((event) => event.type === 'run-error')).toMatchObject({ error: { code: 'pipeline_not_found' } });
    const schedules = await createScheduleRepository(harness.store).list();
    expect(schedules.map((schedule) => [schedule.id, schedule.origin])).toEqual(expect.arrayContaining([['file:declared', 'file']]));
    now.value = new Date('2024-10-28T09:05:05Z');
    await serving.tick();
    await serving.idle();
    expect(ran).toEqual(['declared']);
    harness.writePipeline('declared', 'id: declared\ndescription: a pipeline no longer scheduled\nsteps:\n  - id: note\n    agent: note\n    input: { at: declared }\n');
    await service().tick();
    expect((await createScheduleRepository(harness.store).list()).map((schedule) => schedule.id)).not.toContain('file:declared');
    await expect(createScheduleRepository(harness.store).cancel('file:', now.value)).rejects.toThrow('No active schedule');
  });
});
