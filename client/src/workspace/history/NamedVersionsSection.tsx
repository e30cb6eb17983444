/**
 * Named versions of the specification, each with the boroughs that signed it off, and
 * for a borough lead the way to sign off for their borough.
 */
import { Link } from 'react-router';
import type { NamedVersions } from '../../../../shared/history.js';
import { api } from '../../api/client.js';
import { useAction } from '../../api/use-action.js';
import { formatDateTime } from '../../ui/format.js';
import { ErrorSummary, TableHead } from '../../ui/govuk.js';
import type { WorkspaceContext } from '../workspace-context.js';

export function NamedVersionsSection({
  procurement,
  data,
  onChanged,
}: {
  procurement: WorkspaceContext['procurement'];
  data: NamedVersions;
  onChanged: () => Promise<void>;
}) {
  const action = useAction();
  const myBorough = procurement.boroughs.find((b) => b.id === procurement.me.boroughId);
  const maySignOff = procurement.me.can.speakForBorough;
  return (
    <section aria-labelledby="named-heading">
      <h3 className="govuk-heading-m" id="named-heading">
        Named versions
      </h3>
      <ErrorSummary errors={action.errors} />
      {data.named.length === 0 && <p className="govuk-body">No version has been named yet. Name one from the list below.</p>}
      {data.named.length > 0 && (
        <table className="govuk-table" data-testid="named-versions">
          <caption className="govuk-visually-hidden">Named versions and who signed them off</caption>
          <TableHead columns={['Version', 'Signed off by', { hidden: 'Actions' }]} />
          <tbody className="govuk-table__body">
            {data.named.map((n) => (
              <tr className="govuk-table__row" key={n.id}>
                <td className="govuk-table__cell">
                  <strong>{n.name}</strong>
                  <br />
                  <span className="govuk-body-s">
                    Named by {n.createdBy.name}, {formatDateTime(n.createdAt)}
                  </span>
                  {n.note && <p className="govuk-body-s govuk-!-margin-bottom-0">{n.note}</p>}
                </td>
                <td className="govuk-table__cell">
                  {n.signoffs.length === 0
                    ? 'Nobody yet'
                    : n.signoffs.map((s) => `${s.boroughName} (${s.signedBy.name}, ${formatDateTime(s.signedAt)})`).join('; ')}
                </td>
                <td className="govuk-table__cell">
                  <ul className="govuk-list">
                    <li>
                      <Link className="govuk-link" to={`/procurements/${procurement.id}/history/version/${n.seq}`}>
                        View<span className="govuk-visually-hidden"> {n.name}</span>
                      </Link>
                    </li>
                    <li>
                      <a
                        className="govuk-link"
                        href={`/api/procurements/${procurement.id}/export/specification.docx?version=${n.id}`}
                        download
                      >
                        Download as Word<span className="govuk-visually-hidden"> ({n.name})</span>
                      </a>
                    </li>
                    {n.seq < data.latestSeq && (
                      <li>
                        <Link
                          className="govuk-link"
                          to={`/procurements/${procurement.id}/history/compare?from=${n.seq}&to=${data.latestSeq}`}
                        >
                          Compare with now<span className="govuk-visually-hidden"> ({n.name})</span>
                        </Link>
                      </li>
                    )}
                    {maySignOff && (
                      <li>
                        <button
                          type="button"
                          className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                          onClick={() =>
                            void action.run(async () => {
                              await api.post(`/api/procurements/${procurement.id}/history/named/${n.id}/signoff`);
                              await onChanged();
                            })
                          }
                        >
                          Sign off for {myBorough?.name}
                          <span className="govuk-visually-hidden"> ({n.name})</span>
                        </button>
                      </li>
                    )}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
