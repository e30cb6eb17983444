/**
 * Choices: a set of radios in a fieldset, and a single checkbox.
 */
import { type ReactNode } from 'react';
import { describedBy } from './govuk-inputs.js';

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
