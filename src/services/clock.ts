// Time comes from outside: services and jobs ask a clock, tests pass a fixed one.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stays where it is put (tests, demo scripts). */
export function fixedClock(at: Date | string): Clock & { set(to: Date | string): void; advance(ms: number): void } {
  let current = new Date(at);
  return {
    now: () => new Date(current),
    set: (to) => (current = new Date(to)),
    advance: (ms) => (current = new Date(current.getTime() + ms)),
  };
}
