/**
 * A comment box in which typing @ offers the procurement's people and boroughs. The list
 * follows the ARIA listbox pattern from a text box: the box keeps focus and points at the
 * highlighted suggestion (aria-activedescendant); Up and Down move, Enter or Tab chooses,
 * Escape closes the list (and only the list). A mouse or a tap chooses too.
 */
import { useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { Mention } from '../../../../shared/comments.js';
import { insertMention, matchingCandidates, mentionQueryAt, type MentionCandidate } from './mentions.js';

export interface CommentText {
  body: string;
  /** Mentions chosen while writing; those whose name is still in the text are sent. */
  mentions: Mention[];
}

export const emptyCommentText: CommentText = { body: '', mentions: [] };

export function MentionTextarea({
  id,
  label,
  labelClass = 'govuk-label--s',
  error,
  value,
  onChange,
  candidates,
  rows = 3,
}: {
  id: string;
  label: ReactNode;
  labelClass?: string;
  error?: string;
  value: CommentText;
  onChange: (value: CommentText) => void;
  candidates: readonly MentionCandidate[];
  rows?: number;
}) {
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState<number | null>(null);
  // The @ whose list was closed with Escape: it stays closed until another @ is typed.
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const [highlight, setHighlight] = useState({ query: '', index: 0 });
  const placeCaret = useRef<number | null>(null);

  const query = caret === null ? null : mentionQueryAt(value.body, caret);
  const options = query && query.start !== dismissedAt ? matchingCandidates(candidates, query.query) : [];
  const open = options.length > 0;
  const key = query ? `${query.start}:${query.query}` : '';
  const active = highlight.query === key ? Math.min(highlight.index, options.length - 1) : 0;
  const optionId = (i: number) => `${id}-mention-${i}`;

  useLayoutEffect(() => {
    if (placeCaret.current === null || !textarea.current) return;
    textarea.current.setSelectionRange(placeCaret.current, placeCaret.current);
    placeCaret.current = null;
  });

  const choose = (candidate: MentionCandidate) => {
    if (!query || caret === null) return;
    const { kind, id: mentionId, name } = candidate;
    const next = insertMention(value.body, query, caret, { kind, id: mentionId, name });
    onChange({ body: next.text, mentions: [...value.mentions, { kind, id: mentionId, name }] });
    placeCaret.current = next.caret;
    setCaret(next.caret);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!open) return;
    const move = (by: number) => setHighlight({ query: key, index: (active + by + options.length) % options.length });
    if (event.key === 'ArrowDown') move(1);
    else if (event.key === 'ArrowUp') move(-1);
    else if (event.key === 'Enter' || event.key === 'Tab') choose(options[active]!);
    else if (event.key === 'Escape') {
      // Closes the list, not the form around it.
      event.stopPropagation();
      setDismissedAt(query?.start ?? null);
    } else return;
    event.preventDefault();
  };

  const describedBy = [`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`govuk-form-group app-mention-field${error ? ' govuk-form-group--error' : ''}`}>
      <label className={`govuk-label ${labelClass}`} htmlFor={id}>
        {label}
      </label>
      <div id={`${id}-hint`} className="govuk-hint govuk-!-font-size-16 govuk-!-margin-bottom-1">
        Type @ to mention someone or a borough.
      </div>
      {error && (
        <p id={`${id}-error`} className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      )}
      <textarea
        ref={textarea}
        id={id}
        name={id}
        className={`govuk-textarea govuk-!-margin-bottom-0${error ? ' govuk-textarea--error' : ''}`}
        rows={rows}
        value={value.body}
        aria-describedby={describedBy}
        aria-autocomplete="list"
        aria-controls={open ? `${id}-mentions` : undefined}
        aria-activedescendant={open ? optionId(active) : undefined}
        onChange={(event) => {
          const { value: body, selectionStart } = event.target;
          onChange({ ...value, body });
          setCaret(selectionStart);
          // A new @ (or the old one typed again) offers the list again.
          if (mentionQueryAt(body, selectionStart)?.start !== dismissedAt) setDismissedAt(null);
        }}
        onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
        onBlur={() => setCaret(null)}
        onKeyDown={onKeyDown}
      />
      {open && (
        <ul className="app-mentions" role="listbox" id={`${id}-mentions`} aria-label="People and boroughs to mention">
          {options.map((option, i) => (
            <li
              key={`${option.kind}-${option.id}`}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              className={`app-mentions__option${i === active ? ' app-mentions__option--active' : ''}`}
              // Keeps focus (and the caret) in the text box.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => choose(option)}
            >
              <span className="app-mentions__name">{option.name}</span>
              {option.kind === 'person' ? ', ' : ' '}
              <span className="app-mentions__detail">{option.detail}</span>
            </li>
          ))}
        </ul>
      )}
      <div className="govuk-visually-hidden" aria-live="polite">
        {open
          ? `${options.length} ${options.length === 1 ? 'suggestion' : 'suggestions'} to mention. Use the up and down arrows, then Enter to choose.`
          : ''}
      </div>
    </div>
  );
}
