/**
 * Writing a comment: a new thread, a reply, or an edit. Checked here with the API's own
 * rules before sending; the server's answer, if it refuses, shows in the same place.
 * Escape cancels (when there is something to go back to).
 */
import { useEffect, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { commentRequest, type CommentRequest } from '../../../../shared/comments.js';
import { useAction } from '../../api/use-action.js';
import { useComments } from './comments-context.js';
import { mentionsInBody } from './mentions.js';
import { emptyCommentText, MentionTextarea, type CommentText } from './MentionTextarea.js';

export function CommentForm({
  id,
  label,
  submitLabel,
  initial = emptyCommentText,
  onSubmit,
  onCancel,
  autoFocus = false,
  children,
}: {
  id: string;
  label: ReactNode;
  submitLabel: ReactNode;
  initial?: CommentText;
  /** Sends the comment; the form empties once it resolves. */
  onSubmit: (request: CommentRequest) => Promise<unknown>;
  onCancel?: () => void;
  autoFocus?: boolean;
  /** Shown above the box (the text being commented on). */
  children?: ReactNode;
}) {
  const comments = useComments();
  const [text, setText] = useState(initial);
  const action = useAction();

  useEffect(() => {
    if (autoFocus) document.getElementById(id)?.focus();
  }, [autoFocus, id]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (action.busy) return;
    const request = { body: text.body, mentions: mentionsInBody(text.body, text.mentions) };
    const checked = commentRequest.safeParse(request);
    if (!checked.success) {
      action.setErrors([{ field: 'body', message: checked.error.issues[0]?.message ?? 'Write your comment' }]);
      document.getElementById(id)?.focus();
      return;
    }
    if (await action.run(() => onSubmit(request))) setText(emptyCommentText);
    else document.getElementById(id)?.focus();
  };

  const cancelOnEscape = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key !== 'Escape' || !onCancel) return;
    event.preventDefault();
    onCancel();
  };

  return (
    <form className="app-comment-form" onSubmit={submit} onKeyDown={cancelOnEscape} noValidate>
      {children}
      <MentionTextarea
        id={id}
        label={label}
        value={text}
        onChange={setText}
        candidates={comments?.candidates ?? []}
        error={action.errors[0]?.message}
      />
      <div className="govuk-button-group govuk-body govuk-!-margin-bottom-0">
        <button
          type="submit"
          className="govuk-button govuk-!-margin-bottom-0"
          data-module="govuk-button"
          aria-disabled={action.busy || undefined}
        >
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="app-link-button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
