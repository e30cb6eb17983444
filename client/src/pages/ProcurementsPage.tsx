import { Link } from 'react-router';
import { phaseLabel, type ProcurementSummary } from '../../../shared/api.js';
import { memberRoleLabel } from '../../../shared/roles.js';
import { api } from '../api/client.js';
import { useMe } from '../api/session.js';
import { useLoad } from '../api/use-load.js';
import { formatDateTime, formatRelative } from '../ui/format.js';
import { ButtonLink, PageHeading, TableHead, Tag } from '../ui/govuk.js';
import { useTitle } from '../ui/Layout.js';

function names(p: ProcurementSummary, role: 'lead' | 'partner' | 'observer'): string {
  return (
    p.boroughs
      .filter((b) => b.role === role)
      .map((b) => b.name)
      .join(', ') || 'None'
  );
}

export function ProcurementsPage() {
  useTitle('Your procurements');
  const me = useMe();
  const list = useLoad(() => api.get<{ procurements: ProcurementSummary[] }>('/api/procurements'), []);

  return (
    <>
      <PageHeading caption={`${me.user.name}, ${me.user.borough.name}`}>Your procurements</PageHeading>
      <ButtonLink to="/procurements/new">Create a procurement</ButtonLink>
      {list.loading && <p className="govuk-body">Loading…</p>}
      {list.error && <p className="govuk-error-message">{list.error.message}</p>}
      {list.data && list.data.procurements.length === 0 && (
        <p className="govuk-body">You are not part of any joint procurement yet. Create one, or ask a colleague leading one to add you.</p>
      )}
      {list.data && list.data.procurements.length > 0 && (
        <table className="govuk-table app-table--stacked">
          <caption className="govuk-table__caption govuk-table__caption--m">
            {list.data.procurements.length} procurement{list.data.procurements.length === 1 ? '' : 's'}
          </caption>
          <TableHead columns={['Procurement', 'Lead borough', 'Partners', 'Observers', 'Phase', 'Last activity']} />
          <tbody className="govuk-table__body">
            {list.data.procurements.map((p) => (
              <tr className="govuk-table__row" key={p.id}>
                <td className="govuk-table__cell">
                  <Link className="govuk-link govuk-!-font-weight-bold" to={`/procurements/${p.id}`}>
                    {p.title}
                  </Link>
                  <br />
                  <span className="govuk-body-s govuk-!-margin-bottom-0">
                    {p.reference ? `${p.reference} · ` : ''}You are {memberRoleLabel[p.myRole].toLowerCase()}
                  </span>
                </td>
                <td className="govuk-table__cell" data-label="Lead borough">
                  {names(p, 'lead')}
                </td>
                <td className="govuk-table__cell" data-label="Partners">
                  {names(p, 'partner')}
                </td>
                <td className="govuk-table__cell" data-label="Observers">
                  {names(p, 'observer')}
                </td>
                <td className="govuk-table__cell" data-label="Phase">
                  <Tag colour="blue">{phaseLabel[p.phase]}</Tag>
                </td>
                <td className="govuk-table__cell" data-label="Last activity">
                  <time dateTime={p.lastActivityAt} title={formatDateTime(p.lastActivityAt)}>
                    {formatRelative(p.lastActivityAt)}
                  </time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
