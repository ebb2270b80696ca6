/** The source of time for everything that is journalled; tests pass their own under `_internal`. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
