/** A filter's "From" and "To" dates side by side, each a GOV.UK date input. */
import { DateInput } from './DateInput.js';

export function DateRange({
  idPrefix,
  from,
  to,
  onChange,
}: {
  idPrefix: string;
  /** ISO dates, or '' for none. */
  from: string;
  to: string;
  onChange: (which: 'from' | 'to', value: string) => void;
}) {
  return (
    <div className="app-filters__dates">
      <DateInput id={`${idPrefix}-from`} legend="From" name="From date" value={from} onChange={(v) => onChange('from', v)} />
      <DateInput id={`${idPrefix}-to`} legend="To" name="To date" value={to} onChange={(v) => onChange('to', v)} />
    </div>
  );
}
