/**
 * The record of formal acts: every act in plain English, newest first, filtered by kind,
 * borough, person and dates; a download of the whole record with the script that checks
 * it, and how a borough does so.
 */
import { useEffect } from 'react';
import { useSearchParams } from 'react-router';
import { actKinds, type RecordPage as RecordPageData } from '../../../../shared/record.js';
import { api } from '../../api/client.js';
import { useLoad } from '../../api/use-load.js';
import { DateRange } from '../../ui/DateRange.js';
import { formatDateTime } from '../../ui/format.js';
import { Select } from '../../ui/govuk.js';
import { useTitle } from '../../ui/Layout.js';
import type { WorkspaceContext } from '../workspace-context.js';

/** Live events after which the record may have grown. */
const formalActEvents = new Set(['decisions-changed', 'participants-changed', 'procurement-changed', 'versions-changed']);

/** The record area of a procurement's workspace. */
export function RecordPage({ procurement, onEvent }: WorkspaceContext) {
  useTitle(`Record – ${procurement.title}`);
  const [params, setParams] = useSearchParams();
  const query = params.toString();
  const base = `/api/procurements/${procurement.id}/record`;
  const record = useLoad(() => api.get<RecordPageData>(`${base}?${query}`), [base, query]);
  const reload = record.reload;
  useEffect(() => onEvent((event) => formalActEvents.has(event.type) && void reload()), [onEvent, reload]);
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete('page');
    setParams(next);
  };
  const data = record.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  const goTo = (page: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(page));
    return next;
  };

  return (
    <>
      <h2 className="govuk-heading-m">Record of formal acts</h2>
      <p className="govuk-body">
        Every formal act in this procurement, with who did it, for which borough and when: membership and roles, invitations, positions and
        decisions, named versions, sign-offs, restores, decisions on suggested changes, single sign-on and settings. Nothing on it can be
        changed or taken away.
      </p>
      <h3 className="govuk-heading-s">Check it has not been rewritten</h3>
      <p className="govuk-body">
        Download the record and the checking script, then run <code>node verify-record.mjs</code> followed by the record’s file name on any
        computer with Node.js. It says “intact” when every act is as it was recorded and signed by this service’s key
        {data?.keyId ? ` (key ${data.keyId})` : ''}, or names the first act that was changed, removed or moved.
      </p>
      <ul className="govuk-list">
        <li>
          <a className="govuk-link" href={`${base}/download`} download>
            Download the record (JSON)
          </a>
        </li>
        <li>
          <a className="govuk-link" href={`${base}/verify.mjs`} download>
            Download the checking script (verify-record.mjs)
          </a>
        </li>
      </ul>

      <fieldset className="govuk-fieldset app-filters">
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Filter acts</legend>
        <Select
          id="record-kind"
          label="Kind of act"
          value={params.get('kind') ?? ''}
          onChange={(v) => setFilter('kind', v)}
          options={[{ value: '', label: 'All kinds' }, ...Object.entries(actKinds).map(([value, label]) => ({ value, label }))]}
        />
        <Select
          id="record-borough"
          label="Borough"
          value={params.get('borough') ?? ''}
          onChange={(v) => setFilter('borough', v)}
          options={[{ value: '', label: 'All boroughs' }, ...(data?.boroughs ?? []).map((b) => ({ value: b.id, label: b.name }))]}
        />
        <Select
          id="record-person"
          label="Person"
          value={params.get('person') ?? ''}
          onChange={(v) => setFilter('person', v)}
          options={[
            { value: '', label: 'Everyone' },
            ...(data?.people ?? []).map((p) => ({ value: p.id, label: p.boroughName ? `${p.name}, ${p.boroughName}` : p.name })),
          ]}
        />
        <DateRange idPrefix="record" from={params.get('from') ?? ''} to={params.get('to') ?? ''} onChange={setFilter} />
      </fieldset>
      {record.error && <p className="govuk-error-message">{record.error.message}</p>}
      {data && (
        <>
          <p className="govuk-body" role="status">
            {data.total} act{data.total === 1 ? '' : 's'}
            {pages > 1 && `, page ${data.page} of ${pages}`}
          </p>
          <ol className="govuk-list app-timeline" data-testid="record">
            {data.acts.map((act) => (
              <li key={act.position} className="app-card">
                <p className="govuk-body govuk-!-margin-bottom-1">{act.sentence}</p>
                <p className="govuk-body-s govuk-hint govuk-!-margin-bottom-0">
                  <time dateTime={act.at}>{formatDateTime(act.at)}</time> · Entry {act.position}
                </p>
              </li>
            ))}
          </ol>
          {pages > 1 && (
            <nav className="govuk-pagination" aria-label="Pages of the record">
              {data.page > 1 && (
                <div className="govuk-pagination__prev">
                  <a
                    className="govuk-link govuk-pagination__link"
                    href={`?${goTo(data.page - 1)}`}
                    onClick={(e) => {
                      e.preventDefault();
                      setParams(goTo(data.page - 1));
                    }}
                  >
                    <span className="govuk-pagination__link-title">Newer acts</span>
                  </a>
                </div>
              )}
              {data.page < pages && (
                <div className="govuk-pagination__next">
                  <a
                    className="govuk-link govuk-pagination__link"
                    href={`?${goTo(data.page + 1)}`}
                    onClick={(e) => {
                      e.preventDefault();
                      setParams(goTo(data.page + 1));
                    }}
                  >
                    <span className="govuk-pagination__link-title">Older acts</span>
                  </a>
                </div>
              )}
            </nav>
          )}
        </>
      )}
    </>
  );
}
