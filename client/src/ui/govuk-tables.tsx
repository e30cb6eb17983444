/**
 * Tabular data: a table's header row and the summary list of keys and values.
 */
import { type ReactNode } from 'react';

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
