/**
 * Loads the procurement's comment threads and keeps them current: each `comments-changed`
 * event fetches that one thread again (gone when it answers 404), and a reconnection
 * fetches them all, since events may have been missed meanwhile. Comments that arrive
 * from others are announced politely to screen readers.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ProcurementDetail } from '../../../../shared/api.js';
import type { CommentThread } from '../../../../shared/comments.js';
import { ApiError } from '../../api/client.js';
import { forYouMayHaveChanged } from '../../for-you/unread.js';
import { useMe } from '../../api/session.js';
import type { LiveDocument } from '../live-document.js';
import type { WorkspaceContext } from '../workspace-context.js';
import { commentsApi } from './comments-api.js';
import { CommentsContext, type CommentActions, type CommentsValue } from './comments-context.js';
import { mentionCandidates } from './mentions.js';

export function CommentsProvider({
  procurement,
  live,
  onEvent,
  children,
}: {
  procurement: ProcurementDetail;
  live: LiveDocument;
  onEvent: WorkspaceContext['onEvent'];
  children: ReactNode;
}) {
  const me = useMe();
  const myId = me.user.id;
  const calls = useMemo(() => commentsApi(procurement.id), [procurement.id]);
  const [byId, setById] = useState<ReadonlyMap<string, CommentThread>>(new Map());
  const [state, setState] = useState<CommentsValue['state']>('loading');
  const [announcement, setAnnouncement] = useState('');
  // Comments already seen here, so only new ones by others are announced.
  const known = useRef(new Set<string>());
  // Each thread's latest request: an older answer arriving late must not undo a newer one.
  const versions = useRef(new Map<string, number>());

  const bump = (threadId: string) => {
    const version = (versions.current.get(threadId) ?? 0) + 1;
    versions.current.set(threadId, version);
    return version;
  };

  const put = useCallback((threadId: string, thread: CommentThread | null) => {
    for (const comment of thread?.comments ?? []) known.current.add(comment.id);
    setById((previous) => {
      const next = new Map(previous);
      if (thread) next.set(threadId, thread);
      else next.delete(threadId);
      return next;
    });
  }, []);

  const loadAll = useCallback(async () => {
    try {
      const { threads } = await calls.list();
      for (const thread of threads) for (const comment of thread.comments) known.current.add(comment.id);
      setById(new Map(threads.map((t) => [t.id, t])));
      setState('ready');
    } catch {
      setState((previous) => (previous === 'ready' ? previous : 'failed'));
    }
  }, [calls]);

  const refresh = useCallback(
    async (threadId: string) => {
      const version = bump(threadId);
      let thread: CommentThread | null;
      try {
        thread = await calls.get(threadId);
      } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 404) return;
        thread = null;
      }
      if (versions.current.get(threadId) !== version) return;
      const arrived = (thread?.comments ?? []).filter((c) => !known.current.has(c.id) && !c.deleted && c.author.id !== myId);
      if (arrived.length > 0) {
        const text = arrived.map((c) => `New comment from ${c.author.name}, ${c.author.borough.name}`).join('. ');
        // The same words again must still be heard: vary them invisibly.
        setAnnouncement((previous) => (previous === text ? `${text}.` : text));
      }
      put(threadId, thread);
    },
    [calls, myId, put],
  );

  useEffect(() => {
    // The state is set when the answer arrives, never synchronously here.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void loadAll();
  }, [loadAll]);

  useEffect(
    () =>
      onEvent((event) => {
        if (event.type !== 'comments-changed') return;
        void refresh(event.threadId);
        // A mention or a reply may be for me: the header's count asks again.
        forYouMayHaveChanged();
      }),
    [onEvent, refresh],
  );

  useEffect(() => {
    const onSync = (synced: boolean) => {
      if (synced) void loadAll();
    };
    live.provider.on('sync', onSync);
    return () => live.provider.off('sync', onSync);
  }, [live, loadAll]);

  const actions = useMemo((): CommentActions => {
    const settle = (threadId: string, thread: CommentThread | null) => {
      bump(threadId);
      put(threadId, thread);
      return thread;
    };
    return {
      create: async (request) => {
        const thread = await calls.create(request);
        return settle(thread.id, thread)!;
      },
      reply: async (threadId, request) => settle(threadId, await calls.reply(threadId, request))!,
      edit: async (threadId, commentId, request) => settle(threadId, await calls.edit(threadId, commentId, request))!,
      remove: async (threadId, commentId) => settle(threadId, (await calls.remove(threadId, commentId)) ?? null),
      resolve: async (threadId) => settle(threadId, await calls.resolve(threadId))!,
      reopen: async (threadId) => settle(threadId, await calls.reopen(threadId))!,
    };
  }, [calls, put]);

  const value = useMemo((): CommentsValue => {
    const threads = [...byId.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    const resolveAny = procurement.me.can.resolveAnyThread;
    return {
      procurement,
      threads,
      state,
      me: { id: myId, boroughId: procurement.me.boroughId, name: me.user.name },
      canComment: procurement.me.can.comment,
      mayResolve: (thread) => resolveAny || thread.createdBy.id === myId,
      candidates: mentionCandidates(procurement, myId),
      actions,
    };
  }, [byId, state, procurement, myId, me.user.name, actions]);

  return (
    <CommentsContext.Provider value={value}>
      {children}
      <div className="govuk-visually-hidden" aria-live="polite" data-testid="comments-announcer">
        {announcement}
      </div>
    </CommentsContext.Provider>
  );
}
