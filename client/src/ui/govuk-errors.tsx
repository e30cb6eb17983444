/**
 * The error summary at the top of a form, and the shaping of an API error's field
 * messages into its entries.
 */
import { useEffect, useRef } from 'react';

/** The error summary at the top of a form: focused when it appears, each error a link to its field. */
export function ErrorSummary({ errors, title = 'There is a problem' }: { errors: { field?: string; message: string }[]; title?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors.length > 0) ref.current?.focus();
  }, [errors]);
  if (errors.length === 0) return null;
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">{title}</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {errors.map((error, i) => (
              <li key={i}>{error.field ? <a href={`#${error.field}`}>{error.message}</a> : error.message}</li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

/** Field errors from an API error, as the error summary wants them. */
export function summaryErrors(fields: Record<string, string>, fallback?: string): { field?: string; message: string }[] {
  const errors: { field?: string; message: string }[] = Object.entries(fields)
    .filter(([field]) => field !== '_')
    .map(([field, message]) => ({ field, message }));
  if (errors.length === 0 && fallback) return [{ message: fallback }];
  if (fields._) errors.unshift({ message: fields._ });
  return errors;
}
