/** Small timing helpers shared by the orchestrator and the driver. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Milliseconds on a monotonic clock (comparable only within one process). */
export const now = () => performance.now();

/** Polls `check` until it is true; throws after `timeoutMs` naming `what`. */
export async function until(check: () => boolean, timeoutMs: number, what: string, intervalMs = 20): Promise<void> {
  const deadline = now() + timeoutMs;
  while (!check()) {
    if (now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** Runs `tasks` with at most `limit` of them in flight at once. */
export async function inBatches<T>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
