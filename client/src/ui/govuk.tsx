/**
 * GOV.UK Design System components as React components: the markup and classes of
 * govuk-frontend, so pages look and behave as council staff expect.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Link } from 'react-router';

type Children = { children?: ReactNode };

export function PageHeading({ caption, children }: Children & { caption?: string }) {
  return (
    <h1 className="govuk-heading-l" tabIndex={-1} id="page-heading">
      {caption && <span className="govuk-caption-l">{caption}</span>}
      {children}
    </h1>
  );
}

export function Button({
  children,
  type = 'submit',
  variant,
  onClick,
  disabled,
  className,
  ...rest
}: Children & {
  type?: 'submit' | 'button';
  variant?: 'secondary' | 'warning';
  onClick?: () => void;
  disabled?: boolean;
  className?: string;
  'aria-describedby'?: string;
}) {
  const classes = ['govuk-button', variant ? `govuk-button--${variant}` : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <button
      type={type}
      className={classes}
      onClick={onClick}
      disabled={disabled}
      aria-disabled={disabled || undefined}
      data-module="govuk-button"
      {...rest}
    >
      {children}
    </button>
  );
}

export function ButtonLink({ to, children, variant }: Children & { to: string; variant?: 'secondary' }) {
  return (
    <Link to={to} role="button" draggable={false} className={`govuk-button${variant ? ` govuk-button--${variant}` : ''}`}>
      {children}
    </Link>
  );
}

export function ButtonGroup({ children }: Children) {
  return <div className="govuk-button-group">{children}</div>;
}

export function BackLink({ to, children = 'Back' }: Children & { to: string }) {
  return (
    <Link to={to} className="govuk-back-link">
      {children}
    </Link>
  );
}

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

interface FieldProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  labelClass?: string;
}

function FieldWrapper({ id, label, hint, error, labelClass, children }: FieldProps & Children) {
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label className={`govuk-label ${labelClass ?? ''}`} htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div id={`${id}-hint`} className="govuk-hint">
          {hint}
        </div>
      )}
      {error && (
        <p id={`${id}-error`} className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      )}
      {children}
    </div>
  );
}

function describedBy(id: string, hint?: ReactNode, error?: string): string | undefined {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

export function TextInput({
  id,
  label,
  hint,
  error,
  labelClass,
  value,
  onChange,
  type = 'text',
  autoComplete,
  width,
  spellCheck,
  disabled,
}: FieldProps & {
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'email' | 'password' | 'date';
  autoComplete?: string;
  width?: 5 | 10 | 20 | 30;
  spellCheck?: boolean;
  disabled?: boolean;
}) {
  return (
    <FieldWrapper id={id} label={label} hint={hint} error={error} labelClass={labelClass}>
      <input
        className={`govuk-input${width ? ` govuk-input--width-${width}` : ''}${error ? ' govuk-input--error' : ''}`}
        id={id}
        name={id}
        type={type}
        value={value}
        autoComplete={autoComplete}
        spellCheck={spellCheck}
        disabled={disabled}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(event) => onChange(event.target.value)}
      />
    </FieldWrapper>
  );
}

export function Textarea({
  id,
  label,
  hint,
  error,
  labelClass,
  value,
  onChange,
  rows = 5,
}: FieldProps & { value: string; onChange: (value: string) => void; rows?: number }) {
  return (
    <FieldWrapper id={id} label={label} hint={hint} error={error} labelClass={labelClass}>
      <textarea
        className={`govuk-textarea${error ? ' govuk-textarea--error' : ''}`}
        id={id}
        name={id}
        rows={rows}
        value={value}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(event) => onChange(event.target.value)}
      />
    </FieldWrapper>
  );
}

export function Select({
  id,
  label,
  hint,
  error,
  labelClass,
  value,
  onChange,
  options,
  disabled,
}: FieldProps & {
  value: string;
  onChange: (value: string) => void;
  options: readonly { value: string; label: string }[];
  disabled?: boolean;
}) {
  return (
    <FieldWrapper id={id} label={label} hint={hint} error={error} labelClass={labelClass}>
      <select
        className={`govuk-select${error ? ' govuk-select--error' : ''}`}
        id={id}
        name={id}
        value={value}
        disabled={disabled}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(event) => onChange(event.target.value)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldWrapper>
  );
}

export function Radios({
  name,
  legend,
  hint,
  error,
  value,
  onChange,
  options,
  inline,
  small,
  legendClass = 'govuk-fieldset__legend--s',
}: {
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly { value: string; label: string; hint?: string }[];
  inline?: boolean;
  small?: boolean;
  legendClass?: string;
}) {
  const id = name;
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(id, hint, error)}>
        <legend className={`govuk-fieldset__legend ${legendClass}`}>{legend}</legend>
        {hint && (
          <div id={`${id}-hint`} className="govuk-hint">
            {hint}
          </div>
        )}
        {error && (
          <p id={`${id}-error`} className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {error}
          </p>
        )}
        <div className={`govuk-radios${inline ? ' govuk-radios--inline' : ''}${small ? ' govuk-radios--small' : ''}`}>
          {options.map((option, i) => (
            <div className="govuk-radios__item" key={option.value}>
              <input
                className="govuk-radios__input"
                id={i === 0 ? id : `${id}-${i + 1}`}
                name={name}
                type="radio"
                value={option.value}
                checked={value === option.value}
                onChange={() => onChange(option.value)}
                aria-describedby={option.hint ? `${id}-${i}-item-hint` : undefined}
              />
              <label className="govuk-label govuk-radios__label" htmlFor={i === 0 ? id : `${id}-${i + 1}`}>
                {option.label}
              </label>
              {option.hint && (
                <div id={`${id}-${i}-item-hint`} className="govuk-hint govuk-radios__hint">
                  {option.hint}
                </div>
              )}
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

export function Checkbox({
  id,
  label,
  checked,
  onChange,
  disabled,
  hint,
}: {
  id: string;
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
  hint?: string;
}) {
  return (
    <div className="govuk-checkboxes__item">
      <input
        className="govuk-checkboxes__input"
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        onChange={(event) => onChange(event.target.checked)}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div id={`${id}-hint`} className="govuk-hint govuk-checkboxes__hint">
          {hint}
        </div>
      )}
    </div>
  );
}

export type TagColour = 'grey' | 'green' | 'turquoise' | 'blue' | 'light-blue' | 'purple' | 'pink' | 'red' | 'orange' | 'yellow';

export function Tag({ children, colour }: Children & { colour?: TagColour }) {
  return <strong className={`govuk-tag${colour ? ` govuk-tag--${colour}` : ''}`}>{children}</strong>;
}

/**
 * A table's header row. A column given as `{ hidden: 'Actions' }` has a heading for
 * screen readers only (a column of links or buttons).
 */
export function TableHead({ columns }: { columns: (string | { hidden: string } | { numeric: string })[] }) {
  return (
    <thead className="govuk-table__head">
      <tr className="govuk-table__row">
        {columns.map((column, i) => (
          <th
            key={i}
            scope="col"
            className={`govuk-table__header${typeof column === 'object' && 'numeric' in column ? ' govuk-table__header--numeric' : ''}`}
          >
            {typeof column === 'string' ? (
              column
            ) : 'hidden' in column ? (
              <span className="govuk-visually-hidden">{column.hidden}</span>
            ) : (
              column.numeric
            )}
          </th>
        ))}
      </tr>
    </thead>
  );
}

export function SummaryList({ rows }: { rows: { key: ReactNode; value: ReactNode; actions?: ReactNode }[] }) {
  return (
    <dl className="govuk-summary-list">
      {rows.map((row, i) => (
        <div className="govuk-summary-list__row" key={i}>
          <dt className="govuk-summary-list__key">{row.key}</dt>
          <dd className="govuk-summary-list__value">{row.value}</dd>
          {row.actions && <dd className="govuk-summary-list__actions">{row.actions}</dd>}
        </div>
      ))}
    </dl>
  );
}

export function NotificationBanner({ title = 'Important', success, children }: Children & { title?: string; success?: boolean }) {
  const headingId = useId();
  return (
    <div
      className={`govuk-notification-banner${success ? ' govuk-notification-banner--success' : ''}`}
      role={success ? 'alert' : 'region'}
      aria-labelledby={headingId}
      data-module="govuk-notification-banner"
    >
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id={headingId}>
          {title}
        </h2>
      </div>
      <div className="govuk-notification-banner__content">{children}</div>
    </div>
  );
}

export function InsetText({ children }: Children) {
  return <div className="govuk-inset-text">{children}</div>;
}

export function WarningText({ children }: Children) {
  return (
    <div className="govuk-warning-text">
      <span className="govuk-warning-text__icon" aria-hidden="true">
        !
      </span>
      <strong className="govuk-warning-text__text">
        <span className="govuk-visually-hidden">Warning</span>
        {children}
      </strong>
    </div>
  );
}

export function Details({ summary, children, open }: Children & { summary: ReactNode; open?: boolean }) {
  return (
    <details className="govuk-details" open={open}>
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">{summary}</span>
      </summary>
      <div className="govuk-details__text">{children}</div>
    </details>
  );
}

export function Panel({ title, children }: Children & { title: string }) {
  return (
    <div className="govuk-panel govuk-panel--confirmation">
      <h1 className="govuk-panel__title">{title}</h1>
      <div className="govuk-panel__body">{children}</div>
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
