import { describe, expect, it } from 'vitest';
import { actionOf } from '../../src/handlers/pipeline/schedule.ts';

describe('what a request in words asks of the scheduler', () => {
  it('reads creating, listing and cancelling', () => {
    expect(actionOf('schedule airep-daily every weekday at 7')).toBe('create');
    expect(actionOf('every friday at 17:00 run the weekly-kpi pipeline')).toBe('create');
    expect(actionOf('what pipelines are scheduled')).toBe('list');
    expect(actionOf('which pipelines run automatically and when')).toBe('list');
    expect(actionOf('when is daily-ops next scheduled to run')).toBe('list');
    expect(actionOf('cancel the Friday report schedule')).toBe('cancel');
    expect(actionOf('turn off the recurring nightly job')).toBe('cancel');
  });

  it('refuses to change a schedule in place, and says what to do instead', () => {
    for (const request of ['pause the nightly daily-ops cron job', 'move the month-end-close schedule to 5am', 'reschedule the weekly report to Mondays at 9']) {
      expect(() => actionOf(request), request).toThrow(expect.objectContaining({ code: 'input_invalid', message: expect.stringMatching(/cannot \w+ a schedule in place/), hint: expect.stringContaining('Cancel the schedule') }));
    }
    // "run ... monthly" creates; the words of a change only count next to a schedule.
    expect(actionOf('run month-end-close on the 1st of every month at 6')).toBe('create');
    expect(actionOf('schedule move-files every night at 2')).toBe('create');
    expect(actionOf('schedule a nightly run to update the prices at 6')).toBe('create');
  });
});
