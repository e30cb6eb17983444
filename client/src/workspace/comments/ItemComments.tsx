/**
 * "Comments (N)" on a whole item (an engagement activity, a decision option): opens its
 * threads, open ones first, with a form to start another. Opens by itself when the
 * address names one of its threads (`?thread=…`, from "For you").
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { ThreadSubject, ThreadTarget } from '../../../../shared/comments.js';
import { CommentForm } from './CommentForm.js';
import { useComments } from './comments-context.js';
import { focusSoon, threadHeadingId } from './focus.js';
import { isAbout } from './thread-filters.js';
import { ThreadCard } from './ThreadCard.js';

export function ItemComments({
  target,
  itemName,
  headingLevel,
}: {
  target: Exclude<ThreadTarget, { kind: 'text' }>;
  /** What the item is called, for names and headings: "option 2", "“Supplier day”". */
  itemName: string;
  headingLevel: 3 | 4;
}) {
  const comments = useComments();
  const id = useId();
  const [open, setOpen] = useState(false);
  const subject: ThreadSubject = target;
  const threads = (comments?.threads ?? []).filter((t) => isAbout(t, subject)).sort((a, b) => Number(!!a.resolved) - Number(!!b.resolved));

  const [params] = useSearchParams();
  const wanted = params.get('thread');
  const isWanted = !!wanted && threads.some((t) => t.id === wanted);
  const opened = useRef<string | null>(null);
  useEffect(() => {
    if (!wanted || !isWanted || opened.current === wanted) return;
    opened.current = wanted;
    // Opening what the address asks for, once: an answer to a navigation, not to a render.
    setOpen(true);
    requestAnimationFrame(() => {
      document.getElementById(threadHeadingId(wanted))?.scrollIntoView({ block: 'center' });
      focusSoon(threadHeadingId(wanted));
    });
  }, [wanted, isWanted]);

  if (!comments) return null;
  const openCount = threads.filter((t) => !t.resolved).length;
  const Heading = `h${headingLevel}` as const;
  const bodyId = `${id}-comments`;

  return (
    <div className="app-item-comments" data-testid="item-comments">
      <button
        type="button"
        className="app-link-button govuk-body-s"
        aria-expanded={open}
        aria-controls={bodyId}
        onClick={() => setOpen(!open)}
      >
        Comments ({openCount})<span className="govuk-visually-hidden"> on {itemName}</span>
      </button>
      <div className="app-item-comments__body" id={bodyId} hidden={!open}>
        <Heading className="govuk-heading-s govuk-!-margin-bottom-2">Comments on {itemName}</Heading>
        {threads.length === 0 && <p className="govuk-body-s">No comments yet.</p>}
        {threads.length > 0 && (
          <ol className="app-comments__threads app-comments__threads--inline">
            {threads.map((thread) => (
              <li key={thread.id}>
                <ThreadCard
                  thread={thread}
                  headingLevel={(headingLevel + 1) as 4 | 5}
                  onThreadRemoved={() => focusSoon(`${id}-new-text`)}
                />
              </li>
            ))}
          </ol>
        )}
        {comments.canComment && open && (
          <CommentForm
            id={`${id}-new-text`}
            label={
              <>
                New comment<span className="govuk-visually-hidden"> on {itemName}</span>
              </>
            }
            submitLabel="Add comment"
            onSubmit={async (request) => {
              const thread = await comments.actions.create({ target, ...request });
              focusSoon(threadHeadingId(thread.id));
            }}
          />
        )}
      </div>
    </div>
  );
}
