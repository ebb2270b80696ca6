import type { Clock } from '../../src/core/clock.ts';

/** A clock one minute further on at each call, from `start`: records get distinct, known times. */
export function steppingClock(start: number): Clock {
  let next = start;
  return {
    now: () => {
      const now = new Date(next);
      next += 60_000;
      return now;
    },
  };
}
