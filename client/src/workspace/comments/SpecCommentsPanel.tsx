/**
 * The comments beside the specification: how to comment, the new comment being written
 * (with the text it is about), the filters, and the threads in the order of their text.
 * Beside the editor on a wide screen; below it, shown or hidden, on a phone.
 */
import { memo, useLayoutEffect, useMemo, useRef } from 'react';
import type { CommentThread } from '../../../../shared/comments.js';
import { CommentForm } from './CommentForm.js';
import { isMac } from './focus.js';
import { matchesFilter } from './thread-filters.js';
import { ThreadCard } from './ThreadCard.js';
import { ThreadFilters } from './ThreadFilters.js';
import { draftTextId, noticeId, type TextComments } from './use-text-comments.js';
import { focusSoon, threadHeadingId } from './focus.js';

export function SpecCommentsPanel({ text }: { text: TextComments }) {
  const { comments, filter, threads, panelOpen } = text;
  const { me, procurement } = comments;
  const others = (t: CommentThread) => matchesFilter(t, { ...filter, status: t.resolved ? 'resolved' : 'open' }, me);
  const counts = {
    open: threads.filter((t) => !t.resolved && others(t)).length,
    resolved: threads.filter((t) => t.resolved && others(t)).length,
  };
  const shown = threads.filter((t) => matchesFilter(t, filter, me));
  const openCount = threads.filter((t) => !t.resolved).length;

  const afterResolving = (thread: CommentThread) => {
    if (matchesFilter(thread, filter, me)) focusSoon(threadHeadingId(thread.id));
    else
      text.say(
        thread.resolved ? 'You resolved the thread. It is listed under “Resolved”.' : 'You reopened the thread. It is listed under “Open”.',
      );
  };
  // Stable handlers that act with what is current, so the hundreds of threads render
  // again only when they themselves change (not when the panel is shown, say).
  const current = useRef({ text, afterResolving });
  useLayoutEffect(() => {
    current.current = { text, afterResolving };
  });
  const handlers = useMemo<ThreadHandlers>(
    () => ({
      showInText: (threadId) => current.current.text.showInText(threadId),
      resolvedChange: (thread) => current.current.afterResolving(thread),
      removed: () => current.current.text.say('Comment deleted. It was the only comment, so the thread has gone.'),
    }),
    [],
  );

  return (
    <section className="app-comments" aria-labelledby="comments-heading" data-testid="comments-panel">
      <div className="app-comments__header">
        <h2 className="govuk-heading-m govuk-!-margin-bottom-0" id="comments-heading">
          Comments
        </h2>
        <button
          type="button"
          className="app-link-button govuk-body-s govuk-!-margin-bottom-0"
          aria-expanded={panelOpen}
          aria-controls="comments-body"
          onClick={() => text.setPanelOpen(!panelOpen)}
        >
          {panelOpen ? 'Hide comments' : `Show comments (${openCount} open)`}
        </button>
      </div>
      <div className="app-comments__body" id="comments-body" hidden={!panelOpen}>
        {comments.canComment && (
          <p className="govuk-hint govuk-!-font-size-16" data-testid="comment-shortcut-hint">
            To comment, select some text and choose <strong>Comment</strong>, or press{' '}
            {isMac() ? <kbd>⌘ Command + Option + M</kbd> : <kbd>Ctrl + Alt + M</kbd>}. Choose highlighted text to see what was said about
            it.
          </p>
        )}
        {text.notice && (
          <div className="govuk-inset-text govuk-!-margin-top-0 govuk-!-font-size-16" id={noticeId} role="status" tabIndex={-1}>
            {text.notice}
          </div>
        )}
        {text.draft && (
          <div className="app-comments__draft" data-testid="new-comment">
            <h3 className="govuk-heading-s govuk-!-margin-bottom-2">New comment</h3>
            <CommentForm
              id={draftTextId}
              label="Your comment"
              submitLabel="Add comment"
              autoFocus
              onSubmit={text.submitDraft}
              onCancel={text.cancelDraft}
            >
              <blockquote className="app-thread__quote app-comments__draft-quote" data-testid="new-comment-quote">
                <span className="govuk-visually-hidden">On the text: </span>“{text.draft.quote}”
              </blockquote>
            </CommentForm>
          </div>
        )}
        {comments.state === 'failed' && (
          <p className="govuk-error-message">The comments could not be loaded. Reload the page to try again.</p>
        )}
        {comments.state === 'loading' && <p className="govuk-body-s">Loading comments…</p>}
        {comments.state === 'ready' && (
          <>
            <ThreadFilters filter={filter} onChange={text.setFilter} boroughs={procurement.boroughs} counts={counts} />
            <p className="govuk-body-s app-comments__summary" role="status">
              {summary(shown.length, threads.length, filter.status)}
            </p>
            <ol className="app-comments__threads" aria-label="Comment threads">
              {shown.map((thread) => (
                <ThreadItem
                  key={thread.id}
                  thread={thread}
                  active={thread.id === text.activeId}
                  textRemoved={text.isTextRemoved(thread)}
                  handlers={handlers}
                />
              ))}
            </ol>
          </>
        )}
      </div>
    </section>
  );
}

interface ThreadHandlers {
  showInText: (threadId: string) => void;
  resolvedChange: (thread: CommentThread) => void;
  removed: () => void;
}

const ThreadItem = memo(function ThreadItem({
  thread,
  active,
  textRemoved,
  handlers,
}: {
  thread: CommentThread;
  active: boolean;
  textRemoved: boolean;
  handlers: ThreadHandlers;
}) {
  return (
    <li>
      <ThreadCard
        thread={thread}
        headingLevel={3}
        active={active}
        textRemoved={textRemoved}
        onShowInText={() => handlers.showInText(thread.id)}
        onResolvedChange={handlers.resolvedChange}
        onThreadRemoved={handlers.removed}
      />
    </li>
  );
});

function summary(shown: number, total: number, status: 'open' | 'resolved'): string {
  if (total === 0) return 'No comments yet.';
  if (shown === 0) return status === 'open' ? 'No open comments match.' : 'No resolved comments match.';
  return `Showing ${shown} ${status} ${shown === 1 ? 'thread' : 'threads'}.`;
}
