/**
 * A remove button that asks first, inline, since what it removes goes for everyone taking
 * part at once. The question takes focus when it appears, so a screen reader reads it;
 * Cancel (or Escape) puts focus back on the button. After removing, what held the button is
 * gone, so the caller says where focus goes.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export function RemoveWithConfirmation({
  label,
  buttonClassName,
  question,
  detail,
  confirmLabel,
  onConfirm,
}: {
  /** The button's text, unique on the page (visually hidden words may make it so). */
  label: ReactNode;
  buttonClassName: string;
  question: ReactNode;
  detail?: ReactNode;
  confirmLabel: ReactNode;
  onConfirm: () => void;
}) {
  const id = useId();
  const [asking, setAsking] = useState(false);
  const questionRef = useRef<HTMLParagraphElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  // Focus moves only after a person asked or cancelled, not when the component first shows.
  const moveFocus = useRef(false);

  useEffect(() => {
    if (!moveFocus.current) return;
    moveFocus.current = false;
    (asking ? questionRef.current : buttonRef.current)?.focus();
  }, [asking]);

  const ask = (on: boolean) => {
    moveFocus.current = true;
    setAsking(on);
  };
  const cancelOnEscape = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    ask(false);
  };

  if (!asking) {
    return (
      <button type="button" className={buttonClassName} ref={buttonRef} onClick={() => ask(true)}>
        {label}
      </button>
    );
  }
  return (
    <div className="app-confirm" role="group" aria-labelledby={`${id}-question`} onKeyDown={cancelOnEscape} data-testid="confirm-removal">
      <p className="govuk-body govuk-!-font-weight-bold" id={`${id}-question`} tabIndex={-1} ref={questionRef}>
        {question}
      </p>
      {detail && <p className="govuk-body">{detail}</p>}
      {/* govuk-body: the Cancel link-button takes its font from around it. */}
      <div className="govuk-button-group govuk-body govuk-!-margin-bottom-0">
        <button type="button" className="govuk-button govuk-button--warning" data-module="govuk-button" onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button type="button" className="app-link-button" onClick={() => ask(false)}>
          Cancel
        </button>
      </div>
    </div>
  );
}
