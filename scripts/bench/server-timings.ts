/**
 * Quantiles of our server's own timings (commit, and arrival to sending on) over one
 * workload, from two scrapes of its Prometheus histograms: the buckets that filled in
 * between are the workload's.
 */

/** Cumulative counts by upper bound (ms), of each histogram in a scrape. */
export type Histograms = Map<string, { boundMs: number; cumulative: number }[]>;

export async function scrapeHistograms(serverUrl: string): Promise<Histograms> {
  const response = await fetch(`${serverUrl}/metrics`);
  if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
  const histograms: Histograms = new Map();
  for (const line of (await response.text()).split('\n')) {
    const match = /^(\w+)_bucket\{le="([^"]+)"\} (\d+)$/.exec(line);
    if (!match) continue;
    const [, name, le, count] = match;
    const buckets = histograms.get(name!) ?? [];
    buckets.push({ boundMs: le === '+Inf' ? Infinity : Number(le) * 1000, cumulative: Number(count) });
    histograms.set(name!, buckets);
  }
  return histograms;
}

/**
 * The q-th quantile (0–1) of what `name` observed between two scrapes, interpolated
 * within its bucket (buckets are 25 % wide); NaN when nothing was observed.
 */
export function quantileBetween(before: Histograms, after: Histograms, name: string, q: number): number {
  const end = after.get(name);
  if (!end) return Number.NaN;
  const start = before.get(name);
  const counts = end.map((bucket, i) => ({ boundMs: bucket.boundMs, cumulative: bucket.cumulative - (start?.[i]?.cumulative ?? 0) }));
  const total = counts.at(-1)?.cumulative ?? 0;
  if (total === 0) return Number.NaN;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const { boundMs, cumulative } of counts) {
    if (cumulative >= rank) {
      if (!Number.isFinite(boundMs)) return lowerBound;
      const within = cumulative - lowerCount;
      return lowerBound + ((boundMs - lowerBound) * (rank - lowerCount)) / within;
    }
    lowerBound = boundMs;
    lowerCount = cumulative;
  }
  return lowerBound;
}
