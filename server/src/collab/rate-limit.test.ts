/**
 * Specifies TokenBucket, the rate limit on a live connection's messages: it starts full
 * (`burst` takes at once), refills at `rate` tokens a second and never holds more than
 * `burst`, and counts the takes refused in a row until one succeeds. Time is moved with
 * Vitest's fake clock, so nothing waits and nothing depends on the real date.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TokenBucket } from './rate-limit.js';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2024-03-01T09:00:00Z'));
});

afterEach(() => {
  vi.useRealTimers();
});

/** How many takes succeed, trying `times` times without time moving. */
function successes(bucket: TokenBucket, times: number): number {
  let taken = 0;
  for (let i = 0; i < times; i++) if (bucket.take()) taken++;
  return taken;
}

describe('TokenBucket', () => {
  it('allows a burst of `burst` takes at once, then refuses', () => {
    const bucket = new TokenBucket(1, 5);
    expect(successes(bucket, 5)).toBe(5);
    expect(bucket.take()).toBe(false);
  });

  it('refuses everything when the burst is zero', () => {
    const bucket = new TokenBucket(10, 0);
    expect(bucket.take()).toBe(false);
    vi.advanceTimersByTime(60_000);
    expect(bucket.take()).toBe(false);
  });

  it('refills at `rate` tokens a second', () => {
    const bucket = new TokenBucket(2, 10);
    expect(successes(bucket, 10)).toBe(10);

    vi.advanceTimersByTime(1_000);
    expect(successes(bucket, 10)).toBe(2);

    vi.advanceTimersByTime(2_500);
    expect(successes(bucket, 10)).toBe(5);
  });

  it('gives back no token until a whole one has built up', () => {
    const bucket = new TokenBucket(1, 1);
    expect(bucket.take()).toBe(true);

    vi.advanceTimersByTime(999);
    expect(bucket.take()).toBe(false);
    vi.advanceTimersByTime(1);
    expect(bucket.take()).toBe(true);
  });

  it('keeps fractions of a token between takes, so slow refills add up', () => {
    const bucket = new TokenBucket(0.5, 1); // one token every two seconds
    expect(bucket.take()).toBe(true);

    vi.advanceTimersByTime(1_000);
    expect(bucket.take()).toBe(false); // half a token: refused, but the half is kept
    vi.advanceTimersByTime(1_000);
    expect(bucket.take()).toBe(true);
  });

  it('refills at rates above one a thousand tokens a second (one token each millisecond)', () => {
    const bucket = new TokenBucket(1_000, 1_000);
    expect(successes(bucket, 1_000)).toBe(1_000);
    vi.advanceTimersByTime(7);
    expect(successes(bucket, 100)).toBe(7);
  });

  it('never holds more than `burst`, however long it has been idle', () => {
    const bucket = new TokenBucket(100, 3);
    vi.advanceTimersByTime(3_600_000);
    expect(successes(bucket, 10)).toBe(3);
  });

  it('caps the refill at `burst` after being emptied', () => {
    const bucket = new TokenBucket(10, 4);
    expect(successes(bucket, 4)).toBe(4);
    vi.advanceTimersByTime(60_000);
    expect(successes(bucket, 10)).toBe(4);
  });

  it('does not refill for time that passed before it was made', () => {
    vi.advanceTimersByTime(60_000);
    const bucket = new TokenBucket(1, 2);
    expect(successes(bucket, 5)).toBe(2);
  });

  it('lets a steady sender at the refill rate through indefinitely', () => {
    const bucket = new TokenBucket(10, 1);
    for (let i = 0; i < 50; i++) {
      expect(bucket.take()).toBe(true);
      vi.advanceTimersByTime(100);
    }
    expect(bucket.refusedInARow).toBe(0);
  });

  describe('refusedInARow', () => {
    it('starts at zero', () => {
      expect(new TokenBucket(1, 1).refusedInARow).toBe(0);
    });

    it('counts each refused take', () => {
      const bucket = new TokenBucket(1, 1);
      bucket.take();
      expect(bucket.refusedInARow).toBe(0);
      bucket.take();
      bucket.take();
      bucket.take();
      expect(bucket.refusedInARow).toBe(3);
    });

    it('goes back to zero on the next take that succeeds', () => {
      const bucket = new TokenBucket(1, 1);
      bucket.take();
      bucket.take();
      bucket.take();
      expect(bucket.refusedInARow).toBe(2);

      vi.advanceTimersByTime(1_000);
      expect(bucket.take()).toBe(true);
      expect(bucket.refusedInARow).toBe(0);

      expect(bucket.take()).toBe(false);
      expect(bucket.refusedInARow).toBe(1);
    });

    it('is not reset by time passing alone', () => {
      const bucket = new TokenBucket(1, 1);
      bucket.take();
      bucket.take();
      vi.advanceTimersByTime(10_000);
      expect(bucket.refusedInARow).toBe(1);
    });
  });
});

describe('when the wall clock is stepped back', () => {
  it('keeps giving tokens at its rate (it reads the monotonic clock)', () => {
    const bucket = new TokenBucket(1, 1);
    expect(bucket.take()).toBe(true);
    // An NTP correction moves the wall clock an hour back; the monotonic clock goes on.
    vi.setSystemTime(Date.now() - 3_600_000);
    vi.advanceTimersByTime(1_000);
    expect(bucket.take()).toBe(true);
  });
});
