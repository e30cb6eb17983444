/**
 * Loads something for a page, with its error, and a way to load it again. The load runs
 * again whenever `deps` change (compared by value: they are ids and query values).
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { ApiError } from './client.js';

export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => Promise<void>;
}

interface Result<T> {
  key: string;
  data: T | null;
  error: ApiError | null;
}

export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const key = JSON.stringify(deps);
  const [result, setResult] = useState<Result<T> | null>(null);
  // The newest `load` (it closes over the page's values); runs are keyed by `deps`.
  const latest = useRef(load);
  useLayoutEffect(() => {
    latest.current = load;
  });
  const reload = useCallback(async () => {
    try {
      const data = await latest.current();
      setResult({ key, data, error: null });
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError(0, 'unknown', String(e));
      // A failed reload keeps what was shown, with the error beside it.
      setResult((previous) => ({ key, data: previous?.key === key ? previous.data : null, error }));
    }
  }, [key]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const current = result?.key === key ? result : null;
  return { data: current?.data ?? null, error: current?.error ?? null, loading: current === null, reload };
}
