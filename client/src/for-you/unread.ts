/**
 * The count of unread "For you" items in the header: fetched when a page opens, again
 * every minute, and at once whenever the app hears that comments changed (the
 * workspace announces it with `forYouMayHaveChanged`).
 */
import { useEffect, useState } from 'react';
import { api } from '../api/client.js';

const changedEvent = 'jointly:for-you-changed';

/** Something that can change a "For you" list happened: headers count again. */
export function forYouMayHaveChanged(): void {
  window.dispatchEvent(new Event(changedEvent));
}

export function useUnreadCount(signedIn: boolean): number | null {
  const [unread, setUnread] = useState<number | null>(null);
  useEffect(() => {
    if (!signedIn) return;
    let stopped = false;
    const load = () =>
      void api
        .get<{ unread: number }>('/api/for-you/unread')
        .then((r) => !stopped && setUnread(r.unread))
        .catch(() => undefined);
    load();
    const timer = setInterval(load, 60_000);
    window.addEventListener(changedEvent, load);
    return () => {
      stopped = true;
      clearInterval(timer);
      window.removeEventListener(changedEvent, load);
    };
  }, [signedIn]);
  return unread;
}
