/**
 * A histogram of durations with fixed, finely spaced buckets, for Prometheus: an
 * operator (or the benchmark) reads quantiles of commit and in-server times from the
 * difference of two scrapes, which a sum and a maximum cannot give.
 */

/** Upper bounds (ms): 0.05 ms, then each 25 % above the last, up to about 12 s. */
const boundsMs: readonly number[] = (() => {
  const bounds: number[] = [];
  for (let bound = 0.05; bound < 12_000; bound *= 1.25) bounds.push(Number(bound.toPrecision(3)));
  return bounds;
})();

export class LatencyHistogram {
  /** counts[i]: observations ≤ boundsMs[i] and above the bound before; the last is +Inf. */
  private readonly counts = new Array<number>(boundsMs.length + 1).fill(0);
  private sumMs = 0;
  private total = 0;

  record(ms: number): void {
    let low = 0;
    let high = boundsMs.length;
    // The first bound at or above ms (binary search: about six steps).
    while (low < high) {
      const mid = (low + high) >> 1;
      if (boundsMs[mid]! >= ms) high = mid;
      else low = mid + 1;
    }
    this.counts[low]!++;
    this.sumMs += ms;
    this.total++;
  }

  get count(): number {
    return this.total;
  }

  /** The histogram in Prometheus' text format, in seconds as its conventions ask. */
  prometheus(name: string, help: string): string {
    const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} histogram`];
    let cumulative = 0;
    boundsMs.forEach((bound, i) => {
      cumulative += this.counts[i]!;
      lines.push(`${name}_bucket{le="${bound / 1000}"} ${cumulative}`);
    });
    lines.push(`${name}_bucket{le="+Inf"} ${this.total}`, `${name}_sum ${this.sumMs / 1000}`, `${name}_count ${this.total}`);
    return lines.join('\n');
  }
}
