/**
 * A value someone may not change, shown as text under its label rather than as a
 * greyed-out field (as YTextField does for text): easier to read, and not announced as a
 * control that does nothing.
 */
import type { ReactNode } from 'react';

export function ReadOnlyField({ label, children }: { label: ReactNode; children: ReactNode }) {
  return (
    <div className="govuk-form-group app-read-only-field" data-testid="read-only-field">
      <p className="govuk-label">{label}</p>
      <p className="govuk-body app-read-only-field__value">{children}</p>
    </div>
  );
}

/** What a read-only field shows when nothing has been filled in. */
export function NothingYet({ children }: { children: ReactNode }) {
  return <span className="app-field-note">{children}</span>;
}
