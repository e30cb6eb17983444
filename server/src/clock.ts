/**
 * Where the server reads the time it records (when an edit arrived, when someone signed
 * off, when a session ends). Injected at start-up, so tests set and move it instead of
 * waiting, and no record depends on the machine's calendar.
 */
export interface Clock {
  /** Milliseconds since the epoch (a function of its own: it may be passed around). */
  readonly now: () => number;
}

export const systemClock: Clock = { now: () => Date.now() };
