/**
 * One comment of a thread: who wrote it, from which borough, when, and what (or that it
 * was deleted). Its author can edit it in place or delete it after confirming.
 */
import { useState } from 'react';
import type { CommentThread, ThreadComment } from '../../../../shared/comments.js';
import { useAction } from '../../api/use-action.js';
import { formatDateTime } from '../../ui/format.js';
import { RemoveWithConfirmation } from '../engagement/RemoveWithConfirmation.js';
import { CommentBody } from './CommentBody.js';
import { CommentForm } from './CommentForm.js';
import { useComments } from './comments-context.js';
import { focusSoon, threadHeadingId } from './focus.js';

export function CommentItem({
  thread,
  comment,
  onThreadRemoved,
}: {
  thread: CommentThread;
  comment: ThreadComment;
  /** Deleting the last comment removed the thread: focus must go somewhere else. */
  onThreadRemoved: () => void;
}) {
  const comments = useComments()!;
  const [editing, setEditing] = useState(false);
  const action = useAction();
  const mine = comment.author.id === comments.me.id && !comment.deleted;
  const editId = `comment-${comment.id}-edit`;
  const onlyComment = thread.comments.filter((c) => !c.deleted).length === 1;

  const stopEditing = () => {
    setEditing(false);
    focusSoon(editId);
  };

  const remove = async () => {
    let removed = false;
    const done = await action.run(async () => {
      removed = (await comments.actions.remove(thread.id, comment.id)) === null;
    });
    if (!done) return;
    if (removed) onThreadRemoved();
    else focusSoon(threadHeadingId(thread.id));
  };

  return (
    <li className="app-comment" data-testid="comment" data-comment-id={comment.id}>
      <p className="govuk-body-s app-comment__byline">
        <strong>{comment.author.name}</strong>, {comment.author.borough.name}
        <br />
        <time dateTime={comment.createdAt} className="app-comment__time">
          {formatDateTime(comment.createdAt)}
        </time>
        {comment.editedAt && !comment.deleted && <span className="app-comment__time"> (edited)</span>}
      </p>
      {comment.deleted ? (
        <p className="govuk-body app-comment__deleted">Comment deleted</p>
      ) : editing ? (
        <CommentForm
          id={`comment-${comment.id}-text`}
          label="Edit your comment"
          submitLabel="Save"
          initial={{ body: comment.body, mentions: comment.mentions }}
          autoFocus
          onSubmit={async (request) => {
            await comments.actions.edit(thread.id, comment.id, request);
            stopEditing();
          }}
          onCancel={stopEditing}
        />
      ) : (
        <CommentBody body={comment.body} mentions={comment.mentions} />
      )}
      {action.errors[0] && (
        <p className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {action.errors[0].message}
        </p>
      )}
      {mine && !editing && (
        <div className="app-comment__actions govuk-body-s">
          <button type="button" id={editId} className="app-link-button" onClick={() => setEditing(true)}>
            Edit<span className="govuk-visually-hidden"> your comment</span>
          </button>
          <RemoveWithConfirmation
            label={
              <>
                Delete<span className="govuk-visually-hidden"> your comment</span>
              </>
            }
            buttonClassName="app-link-button"
            question="Delete your comment?"
            detail={
              onlyComment
                ? 'It is the only comment, so the whole thread goes, with its highlight in the text.'
                : 'Everyone will see that a comment was deleted here.'
            }
            confirmLabel="Yes, delete it"
            onConfirm={() => void remove()}
          />
        </div>
      )}
    </li>
  );
}
