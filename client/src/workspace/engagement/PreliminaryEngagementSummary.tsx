/**
 * The summary of preliminary market engagement for the tender notice: every activity in
 * date order with its suppliers and what was disclosed to all potential bidders, and a
 * warning for anything shared with some suppliers and not yet disclosed to all. Live:
 * it reads the same entries the activities below edit. Downloads as Word and Markdown.
 */
import type * as Y from 'yjs';
import type { ProcurementDetail } from '../../../../shared/api.js';
import { engagementOf } from '../../../../shared/doc-layout.js';
import {
  disclosureStanding,
  readDisclosure,
  suppliersOf,
  suppliersText,
  type Disclosure,
} from '../../../../shared/engagement-disclosure.js';
import { formatDate } from '../../ui/format.js';
import { TableHead, WarningText } from '../../ui/govuk.js';
import { ExportLinks } from '../ExportLinks.js';
import { useYDeep } from '../use-y.js';

interface SummaryRow {
  id: string;
  date: string;
  title: string;
  suppliers: string;
  disclosure: Disclosure;
}

function readRows(list: Y.Array<Y.Map<unknown>>): SummaryRow[] {
  return list
    .toArray()
    .map((entry) => ({
      id: entry.get('id') as string,
      date: typeof entry.get('date') === 'string' ? (entry.get('date') as string) : '',
      title: (entry.get('title') as Y.Text | undefined)?.toString().trim() || 'Untitled activity',
      suppliers: suppliersText(suppliersOf(entry)),
      disclosure: readDisclosure(entry),
    }))
    .sort((a, b) => (a.date || '9999').localeCompare(b.date || '9999'));
}

/** What the summary says was disclosed for one activity that is not waiting to be. */
function disclosedText(disclosure: Disclosure): string {
  switch (disclosureStanding(disclosure)) {
    case 'not-assessed':
      return 'Not yet assessed for an unfair advantage';
    case 'no-advantage':
      return 'Not needed: no unfair advantage';
    default: {
      const when = disclosure.disclosedOn ? `Yes, on ${formatDate(disclosure.disclosedOn)}` : 'Yes';
      return disclosure.advantageAction ? `${when}. ${disclosure.advantageAction}` : when;
    }
  }
}

export function PreliminaryEngagementSummary({ procurement, doc, live }: { procurement: ProcurementDetail; doc: Y.Doc; live: boolean }) {
  const list = engagementOf(doc);
  const rows = useYDeep(list, () => readRows(list));
  const flagged = rows.filter((row) => disclosureStanding(row.disclosure) === 'to-disclose');
  return (
    <section aria-labelledby="preliminary-heading" data-testid="preliminary-engagement">
      <h3 className="govuk-heading-m" id="preliminary-heading">
        Preliminary market engagement
      </h3>
      <p className="govuk-body">
        For the tender notice: each engagement with the market, the suppliers who took part and what was disclosed to all potential bidders
        (Procurement Act 2023, sections 16 and 17).
      </p>
      {flagged.length > 0 && (
        <WarningText>
          {flagged.length === 1 ? '1 activity' : `${flagged.length} activities`} shared information with some suppliers that is not yet
          disclosed to all potential bidders: {flagged.map((row) => `“${row.title}”`).join(', ')}.
        </WarningText>
      )}
      {live && <ExportLinks procurement={procurement} document="preliminary-engagement" />}
      {rows.length === 0 ? (
        <p className="govuk-body">No engagement has been recorded yet.</p>
      ) : (
        <table className="govuk-table app-table--stacked">
          <caption className="govuk-visually-hidden">Each engagement activity, its suppliers and what was disclosed</caption>
          <TableHead columns={['Date', 'Activity', 'Suppliers', 'Disclosed to all potential bidders']} />
          <tbody className="govuk-table__body">
            {rows.map((row) => (
              <tr className="govuk-table__row" key={row.id} data-testid="preliminary-row">
                <td data-label="Date" className="govuk-table__cell">
                  {row.date ? formatDate(row.date) : 'No date'}
                </td>
                <th scope="row" className="govuk-table__header">
                  <a className="govuk-link" href={`#entry-${row.id}`}>
                    {row.title}
                  </a>
                </th>
                <td data-label="Suppliers" className="govuk-table__cell">
                  {row.suppliers}
                </td>
                <td data-label="Disclosed to all" className="govuk-table__cell">
                  {disclosureStanding(row.disclosure) === 'to-disclose' ? (
                    <strong className="govuk-tag govuk-tag--red">Not yet disclosed</strong>
                  ) : (
                    disclosedText(row.disclosure)
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
