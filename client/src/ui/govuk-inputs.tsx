/**
 * Labelled form fields: text input, textarea and select, each with its hint and
 * error message in the GOV.UK form group.
 */
import { type ReactNode } from 'react';

type Children = { children?: ReactNode };

interface FieldProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  labelClass?: string;
}

/** The GOV.UK form group around one control: its label, hint and error message. */
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

/** The ids of a control's hint and error message, for its `aria-describedby` (radios use it too). */
export function describedBy(id: string, hint?: ReactNode, error?: string): string | undefined {
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
  type?: 'text' | 'email' | 'password';
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
