/**
 * GOV.UK's date input: Day, Month and Year fields in a fieldset, whatever the browser's
 * locale (a native date picker shows mm/dd/yyyy to a browser set to American English).
 *
 * What is typed is kept in the fields until the person leaves the date (or presses Enter):
 * only then is it read, and only a complete, real date, or three empty fields, is passed
 * on. Half a date never reaches the data, and neither does "3" on the way to "30", which
 * others would see and the engagement list would sort by. Anything else stays as typed,
 * with GOV.UK's message and only the fields in error marked.
 *
 * The value may change under the fields (someone else editing a shared date): the fields
 * follow it unless the person is in them with changes of their own, which are never
 * overwritten.
 */
import { useState, type KeyboardEvent } from 'react';
import { describedBy } from './govuk-inputs.js';
import { partsOfIso, readDateParts, sameParts, type DatePart, type DateParts, type DateProblem } from './date-parts.js';

const fields: readonly { part: DatePart; label: string; width: 2 | 4 }[] = [
  { part: 'day', label: 'Day', width: 2 },
  { part: 'month', label: 'Month', width: 2 },
  { part: 'year', label: 'Year', width: 4 },
];

/**
 * A date entered as day, month and year. `value` and what `onChange` receives are ISO
 * dates ('YYYY-MM-DD') or '' for no date; `onChange` is called only with a complete, real
 * date or with '' when all three fields are emptied. Its fields are `${id}-day`,
 * `${id}-month` and `${id}-year`, for an error summary to link to.
 */
export function DateInput({
  id,
  legend,
  name = legend,
  legendClass,
  hint = 'For example, 27 3 2026',
  value,
  onChange,
}: {
  id: string;
  legend: string;
  /** What the date is called at the start of an error message ("Due date must include a month"); the legend by default. */
  name?: string;
  legendClass?: string;
  hint?: string;
  value: string;
  onChange: (iso: string) => void;
}) {
  const [typed, setTyped] = useState<DateParts>(() => partsOfIso(value));
  const [problem, setProblem] = useState<DateProblem | null>(null);
  const [focused, setFocused] = useState(false);
  // The value the fields were last set from: a different `value` is a change from elsewhere.
  const [shownValue, setShownValue] = useState(value);
  const typing = focused && !sameParts(typed, partsOfIso(shownValue));
  if (value !== shownValue) {
    setShownValue(value);
    if (!typing) {
      setTyped(partsOfIso(value));
      setProblem(null);
    }
  }

  /** Reads what was typed: passes on a complete, real date (or no date), or shows why not. */
  const finish = () => {
    if (sameParts(typed, partsOfIso(value))) {
      setProblem(null);
      return;
    }
    const reading = readDateParts(typed, name);
    if (!reading.ok) {
      setProblem(reading);
      return;
    }
    setProblem(null);
    setTyped(partsOfIso(reading.iso));
    if (reading.iso !== value) onChange(reading.iso);
  };

  const finishOnEnter = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    finish();
  };

  const inError = new Set(problem?.fields ?? []);
  return (
    <div className={`govuk-form-group${problem ? ' govuk-form-group--error' : ''}`}>
      <fieldset
        className="govuk-fieldset"
        role="group"
        aria-describedby={describedBy(id, hint, problem?.message)}
        onFocus={() => setFocused(true)}
        onBlur={(event) => {
          // Moving between Day, Month and Year is still typing the date.
          if (event.relatedTarget instanceof Node && event.currentTarget.contains(event.relatedTarget)) return;
          setFocused(false);
          finish();
        }}
      >
        <legend className={`govuk-fieldset__legend${legendClass ? ` ${legendClass}` : ''}`}>{legend}</legend>
        <div id={`${id}-hint`} className="govuk-hint">
          {hint}
        </div>
        {/* Announced when it appears: it appears as the person moves on, not when they submit. */}
        <div aria-live="polite">
          {problem && (
            <p id={`${id}-error`} className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {problem.message}
            </p>
          )}
        </div>
        <div className="govuk-date-input" id={id}>
          {fields.map(({ part, label, width }) => (
            <div className="govuk-date-input__item" key={part}>
              <div className="govuk-form-group">
                <label className="govuk-label govuk-date-input__label" htmlFor={`${id}-${part}`}>
                  {label}
                </label>
                <input
                  className={`govuk-input govuk-date-input__input govuk-input--width-${width}${inError.has(part) ? ' govuk-input--error' : ''}`}
                  id={`${id}-${part}`}
                  name={`${id}-${part}`}
                  type="text"
                  inputMode="numeric"
                  autoComplete="off"
                  spellCheck={false}
                  aria-invalid={inError.has(part) || undefined}
                  value={typed[part]}
                  onChange={(event) => {
                    const next = event.target.value;
                    setTyped((before) => ({ ...before, [part]: next }));
                  }}
                  onKeyDown={finishOnEnter}
                />
              </div>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
