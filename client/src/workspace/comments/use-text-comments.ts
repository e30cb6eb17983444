/**
 * The specification's comments, tied to its editor: the draft of a new comment on the
 * selected text, the thread chosen (highlighted in the text, and in the panel), the
 * filters, the Ctrl+Alt+M shortcut, whether each thread's text is still there, and the
 * thread named in the address (`?thread=…`, from "For you"), opened once it has loaded.
 */
import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useSearchParams } from 'react-router';
import type { CommentRequest, CommentThread } from '../../../../shared/comments.js';
import type { LiveDocument } from '../live-document.js';
import { anchorsIn, setCommentHighlight, type ChooseThreadEvent } from './comment-mark.js';
import { useComments, type CommentsValue } from './comments-context.js';
import { focusSoon, threadHeadingId } from './focus.js';
import { commentableRange, textDraft, type TextDraft } from './text-anchors.js';
import { defaultFilter, matchesFilter, type ThreadFilter } from './thread-filters.js';

export interface TextComments {
  comments: CommentsValue;
  editor: Editor;
  panelOpen: boolean;
  setPanelOpen: (open: boolean) => void;
  draft: TextDraft | null;
  startComment: () => void;
  cancelDraft: () => void;
  submitDraft: (request: CommentRequest) => Promise<void>;
  activeId: string | null;
  showInText: (threadId: string) => void;
  filter: ThreadFilter;
  setFilter: (filter: ThreadFilter) => void;
  /** Threads about the specification, in the order of their text (those whose text has gone last). */
  threads: CommentThread[];
  isTextRemoved: (thread: CommentThread) => boolean;
  /** Said, and focused, when what was being looked at has gone (resolved away, deleted). */
  notice: string | null;
  say: (notice: string | null) => void;
}

export const draftTextId = 'new-comment-text';
export const noticeId = 'comments-notice';
export const commentButtonId = 'comment-button';

/** From GOV.UK's desktop breakpoint the columns, and so the panel and the text, sit side by side. */
const isWide = () => window.matchMedia('(min-width: 48.0625em)').matches;

/** How long a new thread's anchor may take to arrive over the live connection. */
const anchorGrace = 8000;

function useSynced(live: LiveDocument | null): boolean {
  return useSyncExternalStore(
    useCallback(
      (changed: () => void) => {
        live?.provider.on('sync', changed);
        return () => live?.provider.off('sync', changed);
      },
      [live],
    ),
    () => live?.provider.synced ?? false,
  );
}

function scrollIntoPanel(threadId: string): void {
  requestAnimationFrame(() =>
    document
      .querySelector(`[data-testid="comment-thread"][data-thread-id="${CSS.escape(threadId)}"]`)
      ?.scrollIntoView({ block: 'nearest', behavior: 'smooth' }),
  );
}

const noThreads: readonly string[] = [];
const noAnchors = { anchored: noThreads, seen: noThreads };

export function useTextComments(editor: Editor | null, live: LiveDocument | null): TextComments | null {
  const comments = useComments();
  const [panelOpen, setPanelOpen] = useState(isWide);
  const [draft, setDraft] = useState<TextDraft | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [filter, setFilter] = useState(defaultFilter);
  const [notice, setNotice] = useState<string | null>(null);
  // My new threads whose anchor may not have arrived yet: not "Text removed" meanwhile.
  const [awaiting, setAwaiting] = useState<ReadonlySet<string>>(new Set());
  const synced = useSynced(live);
  const anchors =
    useEditorState({
      editor,
      selector: ({ editor: e }) => {
        const { anchored, seen } = e ? anchorsIn(e.state) : { anchored: noThreads, seen: new Set<string>() };
        return { anchored, seen: [...seen] };
      },
    }) ?? noAnchors;
  const anchored = anchors.anchored;

  const allThreads = comments?.threads;
  const threads = useMemo(() => {
    const order = new Map(anchored.map((id, i) => [id, i]));
    const place = (t: CommentThread) => order.get(t.id) ?? Number.MAX_SAFE_INTEGER;
    return (allThreads ?? []).filter((t) => t.subject.kind === 'specification').sort((a, b) => place(a) - place(b));
  }, [allThreads, anchored]);
  const resolvedKey = threads
    .filter((t) => t.resolved)
    .map((t) => t.id)
    .join(' ');

  useEffect(() => {
    if (editor && !editor.isDestroyed) setCommentHighlight(editor.view, { activeId, resolvedIds: new Set(resolvedKey.split(' ')) });
  }, [editor, activeId, resolvedKey]);

  useEffect(() => {
    if (editor && !editor.isDestroyed) setCommentHighlight(editor.view, { pending: draft?.range ?? null });
  }, [editor, draft]);

  const say = (text: string | null) => {
    setNotice(text);
    if (text) focusSoon(noticeId);
  };

  const startComment = () => {
    if (!editor || !comments?.canComment) return;
    setPanelOpen(true);
    const range = commentableRange(editor.state);
    const next = range && textDraft(editor, range);
    if (!next) {
      say('Select the text you want to comment on, then choose Comment.');
      return;
    }
    setNotice(null);
    setDraft(next);
    focusSoon(draftTextId);
  };

  const cancelDraft = () => {
    setDraft(null);
    if (editor?.isEditable) editor.commands.focus();
    else focusSoon(commentButtonId);
  };

  const submitDraft = async (request: CommentRequest) => {
    if (!draft || !comments) return;
    const thread = await comments.actions.create({ target: draft.target, ...request });
    setDraft(null);
    setFilter(defaultFilter);
    setActiveId(thread.id);
    setAwaiting((ids) => new Set([...ids, thread.id]));
    setTimeout(() => setAwaiting((ids) => new Set([...ids].filter((id) => id !== thread.id))), anchorGrace);
    focusSoon(threadHeadingId(thread.id));
  };

  const showInText = (threadId: string) => {
    setActiveId(threadId);
    const anchor = editor?.view.dom.querySelector(`[data-thread-id="${CSS.escape(threadId)}"]`);
    anchor?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  };

  // The thread named in the address: shown in the panel and in the text, once both have loaded.
  const [params] = useSearchParams();
  const wanted = params.get('thread');
  const opened = useRef<string | null>(null);
  const ready = comments?.state === 'ready' && synced && !!editor;
  useEffect(() => {
    if (!wanted || !ready || opened.current === wanted) return;
    opened.current = wanted;
    const thread = threads.find((t) => t.id === wanted);
    // Opening what the address asks for, once: state set here answers a navigation, not a render.
    /* eslint-disable react-hooks/set-state-in-effect */
    if (!thread) {
      setPanelOpen(true);
      setNotice('The comment thread you followed is not here any more: its last comment was deleted.');
      focusSoon(noticeId);
      return;
    }
    setFilter({ ...defaultFilter, status: thread.resolved ? 'resolved' : 'open' });
    setPanelOpen(true);
    setActiveId(thread.id);
    /* eslint-enable react-hooks/set-state-in-effect */
    requestAnimationFrame(() => {
      editor?.view.dom.querySelector(`[data-thread-id="${CSS.escape(thread.id)}"]`)?.scrollIntoView({ block: 'center' });
      scrollIntoPanel(thread.id);
      focusSoon(threadHeadingId(thread.id));
    });
  }, [wanted, ready, threads, editor]);

  // From the text to the panel: a click on highlighted text, or the caret moving into it.
  const choose = ({ threadId, how }: ChooseThreadEvent) => {
    const thread = threads.find((t) => t.id === threadId);
    // Resolved threads are not highlighted, so their text is not a way to them.
    if (!thread || thread.resolved || !comments) return;
    setActiveId(threadId);
    if (!matchesFilter(thread, filter, comments.me)) setFilter(defaultFilter);
    if (how === 'click') setPanelOpen(true);
    // On a phone the panel is below the text: only a click takes the page there.
    if (how === 'click' || isWide()) scrollIntoPanel(threadId);
  };

  // Listeners made once per editor call the newest of these.
  const latest = useRef({ choose, startComment });
  useLayoutEffect(() => {
    latest.current = { choose, startComment };
  });

  useEffect(() => {
    if (!editor) return;
    const onChoose = (event: ChooseThreadEvent) => latest.current.choose(event);
    editor.on('chooseThread', onChoose);
    return () => void editor.off('chooseThread', onChoose);
  }, [editor]);

  const canComment = comments?.canComment ?? false;
  useEffect(() => {
    if (!editor || !canComment) return;
    // On the document: a read-only editor never has focus, yet its text can be selected.
    const onKeyDown = (event: KeyboardEvent) => {
      if (!event.altKey || !(event.ctrlKey || event.metaKey) || event.code !== 'KeyM') return;
      const selected = document.getSelection()?.anchorNode ?? null;
      if (!editor.view.dom.contains(document.activeElement) && !editor.view.dom.contains(selected)) return;
      event.preventDefault();
      latest.current.startComment();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [editor, canComment]);

  if (!editor || !comments) return null;
  return {
    comments,
    editor,
    panelOpen,
    setPanelOpen,
    draft,
    startComment,
    cancelDraft,
    submitDraft,
    activeId,
    showInText,
    filter,
    setFilter,
    threads,
    isTextRemoved: (thread) => synced && !anchored.includes(thread.id) && (!awaiting.has(thread.id) || anchors.seen.includes(thread.id)),
    notice,
    say,
  };
}
