/**
 * A GOV.UK text input or textarea bound to a Y.Text: two people typing in the same field
 * merge character by character, and the caret stays put when someone else types. For
 * someone who may not change it, the text shows as text.
 */
import { useCallback, useLayoutEffect, useRef, useSyncExternalStore, type ReactNode } from 'react';
import type * as Y from 'yjs';

type Delta = { insert?: string | object; delete?: number; retain?: number }[];

/** Where a caret at `index` ends up after a change described by `delta`. */
export function shiftIndex(index: number, delta: Delta): number {
  let at = 0;
  let result = index;
  for (const op of delta) {
    if (op.retain) at += op.retain;
    else if (op.insert !== undefined) {
      const length = typeof op.insert === 'string' ? op.insert.length : 1;
      if (at <= index) result += length;
      at += length;
    } else if (op.delete) {
      if (at < index) result -= Math.min(op.delete, index - at);
    }
  }
  return Math.max(0, result);
}

/** Replaces the Y.Text's content with `next` by its smallest edit (common prefix and suffix kept). */
export function applyTextChange(text: Y.Text, next: string): void {
  const previous = text.toString();
  if (previous === next) return;
  let start = 0;
  while (start < previous.length && start < next.length && previous[start] === next[start]) start++;
  let endPrev = previous.length;
  let endNext = next.length;
  while (endPrev > start && endNext > start && previous[endPrev - 1] === next[endNext - 1]) {
    endPrev--;
    endNext--;
  }
  text.doc!.transact(() => {
    if (endPrev > start) text.delete(start, endPrev - start);
    if (endNext > start) text.insert(start, next.slice(start, endNext));
  });
}

export function YTextField({
  text,
  id,
  label,
  hint,
  multiline,
  rows = 3,
  disabled,
  labelClass,
  width,
}: {
  text: Y.Text;
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  multiline?: boolean;
  rows?: number;
  disabled?: boolean;
  labelClass?: string;
  width?: 10 | 20 | 30;
}) {
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const caret = useRef<[number, number] | null>(null);
  // The field shows the shared text: typing changes it at once (and so the field), and a
  // change by someone else moves the caret with the text around it.
  const subscribe = useCallback(
    (onChange: () => void) => {
      const observer = (event: Y.YTextEvent, transaction: Y.Transaction) => {
        const element = ref.current;
        if (element && document.activeElement === element && !transaction.local) {
          const delta = event.delta as Delta;
          caret.current = [shiftIndex(element.selectionStart ?? 0, delta), shiftIndex(element.selectionEnd ?? 0, delta)];
        }
        onChange();
      };
      text.observe(observer);
      return () => text.unobserve(observer);
    },
    [text],
  );
  const value = useSyncExternalStore(subscribe, () => text.toString());

  useLayoutEffect(() => {
    if (caret.current && ref.current) {
      ref.current.setSelectionRange(caret.current[0], caret.current[1]);
      caret.current = null;
    }
  }, [value]);

  // Someone who may not change it reads it as text, not as a greyed-out field.
  if (disabled) {
    return (
      <div className="govuk-form-group app-read-only-field" data-testid="read-only-field">
        <p className={`govuk-label ${labelClass ?? ''}`} id={`${id}-label`}>
          {label}
        </p>
        <p
          className={`govuk-body app-read-only-field__value${multiline ? ' app-read-only-field__value--multiline' : ''}`}
          aria-labelledby={`${id}-label`}
          id={id}
        >
          {value || <span className="app-field-note">Not written yet</span>}
        </p>
      </div>
    );
  }

  const props = {
    id,
    ref,
    value,
    'aria-describedby': hint ? `${id}-hint` : undefined,
    onChange: (event: { target: { value: string } }) => {
      applyTextChange(text, event.target.value);
    },
  };
  return (
    <div className="govuk-form-group">
      <label className={`govuk-label ${labelClass ?? ''}`} htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div className="govuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {multiline ? (
        <textarea className="govuk-textarea" rows={rows} {...props} />
      ) : (
        <input className={`govuk-input${width ? ` govuk-input--width-${width}` : ''}`} type="text" {...props} />
      )}
    </div>
  );
}
