/**
 * Code fetched before it is needed, when the browser has nothing else to do: after
 * signing in, the workspace's code arrives while the person reads their list, so opening
 * a procurement waits for its data only.
 */

/** How long to wait for an idle moment before fetching anyway. */
const idleTimeoutMs = 5_000;

/**
 * Runs each loader once the browser is idle (fetching its chunk and those it needs),
 * unless the returned function cancels it first. A failed fetch is left for the page
 * itself to retry, and to report, when it is shown.
 */
export function prefetchWhenIdle(loaders: readonly (() => Promise<unknown>)[]): () => void {
  const run = () => {
    for (const load of loaders) load().catch(() => undefined);
  };
  // Safari before 18 has no requestIdleCallback: a second after the page settles will do.
  if (typeof window.requestIdleCallback !== 'function') {
    const timer = setTimeout(run, 1_000);
    return () => clearTimeout(timer);
  }
  const handle = window.requestIdleCallback(run, { timeout: idleTimeoutMs });
  return () => window.cancelIdleCallback(handle);
}
