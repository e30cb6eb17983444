/**
 * One thread: what it is about (the quoted text, tagged when resolved or when its text
 * has been removed), its comments, and what can be done with it: show its text, reply,
 * resolve or reopen.
 */
import { useState, type MouseEvent } from 'react';
import type { CommentThread } from '../../../../shared/comments.js';
import { useAction } from '../../api/use-action.js';
import { Tag } from '../../ui/govuk.js';
import { CommentForm } from './CommentForm.js';
import { CommentItem } from './CommentItem.js';
import { useComments } from './comments-context.js';
import { focusSoon, shortQuote, threadHeadingId } from './focus.js';

export function ThreadCard({
  thread,
  headingLevel,
  active = false,
  textRemoved = false,
  onShowInText,
  onResolvedChange,
  onThreadRemoved,
}: {
  thread: CommentThread;
  headingLevel: 3 | 4 | 5;
  active?: boolean;
  /** Its anchor is no longer in the specification. */
  textRemoved?: boolean;
  /** Chooses the thread and shows its text (threads about the specification's text). */
  onShowInText?: () => void;
  /** After resolving or reopening; by default focus goes to the thread's heading. */
  onResolvedChange?: (thread: CommentThread) => void;
  onThreadRemoved: () => void;
}) {
  const comments = useComments()!;
  const [replying, setReplying] = useState(false);
  const action = useAction();
  const Heading = `h${headingLevel}` as const;
  const headingId = threadHeadingId(thread.id);
  const aboutText = thread.subject.kind === 'specification';
  const which = aboutText ? `the comment on “${shortQuote(thread.quote)}”` : `the thread started by ${thread.createdBy.name}`;
  const replyId = `thread-${thread.id}-reply`;

  const setResolved = async (resolve: boolean) => {
    let updated: CommentThread | null = null;
    const done = await action.run(async () => {
      updated = await (resolve ? comments.actions.resolve(thread.id) : comments.actions.reopen(thread.id));
    });
    if (!done || !updated) return;
    if (onResolvedChange) onResolvedChange(updated);
    else focusSoon(headingId);
  };

  // A click on the thread (not on one of its controls) chooses it, as in a word processor.
  const chooseOnClick = (event: MouseEvent) => {
    if (!onShowInText || (event.target as Element).closest('button, a, input, textarea, select, label, [role="option"]')) return;
    onShowInText();
  };

  return (
    // The click is a shortcut for the mouse: "Show in the text" does the same by keyboard.
    <article
      className={`app-thread${active ? ' app-thread--active' : ''}${thread.resolved ? ' app-thread--resolved' : ''}`}
      aria-labelledby={headingId}
      data-testid="comment-thread"
      data-thread-id={thread.id}
      onClick={chooseOnClick}
    >
      {aboutText ? (
        <Heading className="app-thread__quote" id={headingId} tabIndex={-1}>
          <span className="govuk-visually-hidden">Comments on </span>“{thread.quote}”
        </Heading>
      ) : (
        // Shown while focused (after adding a comment here), so sighted keyboard users see where they are.
        <Heading className="govuk-visually-hidden-focusable app-thread__starter" id={headingId} tabIndex={-1}>
          Thread started by {thread.createdBy.name}, {thread.createdBy.borough.name}
        </Heading>
      )}
      {(thread.resolved || textRemoved) && (
        <p className="govuk-body-s app-thread__tags">
          {thread.resolved && <Tag colour="green">Resolved</Tag>} {textRemoved && <Tag colour="grey">Text removed</Tag>}
          {thread.resolved && (
            <span className="app-thread__resolved-by">
              {' '}
              by {thread.resolved.by.name}, {thread.resolved.by.borough.name}
            </span>
          )}
        </p>
      )}
      <ol className="app-thread__comments">
        {thread.comments.map((comment) => (
          <CommentItem key={comment.id} thread={thread} comment={comment} onThreadRemoved={onThreadRemoved} />
        ))}
      </ol>
      {replying && (
        <CommentForm
          id={`${replyId}-text`}
          label={
            <>
              Reply<span className="govuk-visually-hidden"> to {which}</span>
            </>
          }
          submitLabel="Reply"
          autoFocus
          onSubmit={async (request) => {
            await comments.actions.reply(thread.id, request);
            setReplying(false);
            focusSoon(replyId);
          }}
          onCancel={() => {
            setReplying(false);
            focusSoon(replyId);
          }}
        />
      )}
      {action.errors[0] && (
        <p className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {action.errors[0].message}
        </p>
      )}
      <div className="app-thread__actions govuk-body-s">
        {onShowInText && !textRemoved && (
          <button type="button" className="app-link-button" onClick={onShowInText}>
            Show in the text<span className="govuk-visually-hidden">: {shortQuote(thread.quote)}</span>
          </button>
        )}
        {comments.canComment && !thread.resolved && !replying && (
          <button type="button" id={replyId} className="app-link-button" onClick={() => setReplying(true)}>
            Reply<span className="govuk-visually-hidden"> to {which}</span>
          </button>
        )}
        {comments.mayResolve(thread) && (
          <button type="button" className="app-link-button" onClick={() => void setResolved(!thread.resolved)}>
            {thread.resolved ? 'Reopen' : 'Resolve'}
            <span className="govuk-visually-hidden"> {which}</span>
          </button>
        )}
      </div>
    </article>
  );
}
