/**
 * The clock a test server runs on: it starts at a fixed instant (not today), so nothing a
 * test asserts depends on the calendar, and a test moves it instead of waiting. By
 * default it ticks with real time from there, so edits still arrive in order and a
 * pause is still a pause; a frozen clock stays where it is put.
 */
import type { Clock } from '../../src/clock.js';

/** A Wednesday morning in London, far from today and from any change of the clocks. */
export const testEpoch = Date.parse('2026-11-25T10:00:00Z');

export class TestClock implements Clock {
  private base: number;
  private baseTakenAt = performance.now();

  constructor(options: { start?: number | string; ticking?: boolean } = {}) {
    this.base = toMs(options.start ?? testEpoch);
    this.ticking = options.ticking ?? true;
  }

  readonly ticking: boolean;

  now = (): number => this.base + (this.ticking ? Math.floor(performance.now() - this.baseTakenAt) : 0);

  /** Moves the clock forward, as if `ms` had passed. */
  advance(ms: number): void {
    this.base += ms;
  }

  /** Puts the clock at an instant (it ticks on from there if it ticks). */
  set(at: number | string): void {
    this.base = toMs(at);
    this.baseTakenAt = performance.now();
  }
}

function toMs(at: number | string): number {
  const ms = typeof at === 'number' ? at : Date.parse(at);
  if (Number.isNaN(ms)) throw new Error(`not a time: ${at}`);
  return ms;
}
