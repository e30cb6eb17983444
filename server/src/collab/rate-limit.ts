/**
 * A token bucket: `rate` tokens a second, holding at most `burst`. It reads the monotonic
 * clock: a wall clock stepped back (an NTP correction) would otherwise refuse every
 * take until it caught up.
 */
export class TokenBucket {
  private tokens: number;
  private refilledAt = performance.now();
  /** Takes refused in a row; reset by the next take that succeeds. */
  refusedInARow = 0;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  take(): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.rate);
    this.refilledAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      this.refusedInARow = 0;
      return true;
    }
    this.refusedInARow++;
    return false;
  }
}
