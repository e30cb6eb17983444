/** React bindings for Yjs types: re-render when the type (or anything inside it) changes. */
import { useEffect, useReducer, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import type { ConnectionState, LiveDocument } from './live-document.js';

/** Re-renders on any change inside `type`, and returns `read()`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function useYDeep<T>(type: Y.AbstractType<any> | null | undefined, read: () => T): T {
  const [, bump] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    if (!type) return;
    const observer = () => bump();
    type.observeDeep(observer);
    return () => type.unobserveDeep(observer);
  }, [type]);
  return read();
}

/** The value of one key of a Y.Map, kept current. */
export function useYMapValue<T>(map: Y.Map<unknown>, key: string): T | undefined {
  const [, bump] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    const observer = (event: Y.YMapEvent<unknown>) => {
      if (event.keysChanged.has(key)) bump();
    };
    map.observe(observer);
    return () => map.unobserve(observer);
  }, [map, key]);
  return map.get(key) as T | undefined;
}

export function useConnectionState(live: LiveDocument): ConnectionState {
  return useSyncExternalStore(live.subscribe, live.getState);
}
