/**
 * The edit history: named versions with each borough's sign-off, then every version
 * (newest first), called by its name when it has one, with who made it (or a note for
 * what the server did alone, and for a restore), when, and what changed in the words
 * people use ("3 requirements edited, 1 added"), filtered and paginated.
 */
import { SuggestionDecisions } from './SuggestionDecisions.js';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { NamedVersions, Timeline, VersionSummary } from '../../../../shared/history.js';
import { api } from '../../api/client.js';
import { useLoad } from '../../api/use-load.js';
import { DateRange } from '../../ui/DateRange.js';
import { formatDateTime } from '../../ui/format.js';
import { Button, Details, ErrorSummary, Select, Tag, Textarea, TextInput } from '../../ui/govuk.js';
import { useTitle } from '../../ui/Layout.js';
import { useAction } from '../../api/use-action.js';
import type { WorkspaceContext } from '../workspace-context.js';
import { NamedVersionsSection } from './NamedVersionsSection.js';
import { PersonLabel } from './people.js';

/** The history area of a procurement's workspace. */
export function HistoryPage({ procurement, canEdit, onEvent }: WorkspaceContext) {
  useTitle(`History – ${procurement.title}`);
  const [params, setParams] = useSearchParams();
  const query = params.toString();
  const base = `/api/procurements/${procurement.id}/history`;
  const timeline = useLoad(() => api.get<Timeline>(`${base}?${query}`), [base, query]);
  const named = useLoad(() => api.get<NamedVersions>(`${base}/named`), [base]);
  const reloadTimeline = timeline.reload;
  const reloadNamed = named.reload;
  useEffect(
    () =>
      onEvent((event) => {
        if (event.type === 'versions-changed') {
          void reloadTimeline();
          void reloadNamed();
        }
      }),
    [onEvent, reloadTimeline, reloadNamed],
  );
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete('page');
    setParams(next);
  };
  const data = timeline.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  return (
    <>
      <h2 className="govuk-heading-m">History</h2>
      <p className="govuk-body">
        Every change is kept, with who made it and for which borough. Open any version as it was, compare two versions, name a version for
        the record, or restore one.
      </p>
      {named.data && <NamedVersionsSection procurement={procurement} data={named.data} onChanged={reloadNamed} />}

      <h3 className="govuk-heading-m">All versions</h3>
      <fieldset className="govuk-fieldset app-filters">
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Filter versions</legend>
        <Select
          id="history-borough"
          label="Borough"
          value={params.get('borough') ?? ''}
          onChange={(v) => setFilter('borough', v)}
          options={[{ value: '', label: 'All boroughs' }, ...procurement.boroughs.map((b) => ({ value: b.id, label: b.name }))]}
        />
        <Select
          id="history-person"
          label="Person"
          value={params.get('person') ?? ''}
          onChange={(v) => setFilter('person', v)}
          options={[
            { value: '', label: 'Everyone' },
            ...(data?.people ?? []).map((p) => ({ value: p.id ?? '', label: `${p.name}, ${p.borough ?? ''}` })),
          ]}
        />
        <Select
          id="history-area"
          label="Area"
          value={params.get('area') ?? ''}
          onChange={(v) => setFilter('area', v)}
          options={[
            { value: '', label: 'All areas' },
            { value: 'specification', label: 'Specification' },
            { value: 'engagement', label: 'Market engagement' },
            { value: 'decisions', label: 'Decisions' },
          ]}
        />
        <DateRange idPrefix="history" from={params.get('from') ?? ''} to={params.get('to') ?? ''} onChange={setFilter} />
      </fieldset>
      {timeline.error && <p className="govuk-error-message">{timeline.error.message}</p>}
      {data && (
        <>
          <p className="govuk-body" role="status">
            {data.total} version{data.total === 1 ? '' : 's'}
            {pages > 1 && `, page ${data.page} of ${pages}`}
          </p>
          <ol className="govuk-list app-timeline" data-testid="timeline">
            {data.versions.map((version, i) => (
              <VersionItem
                key={version.version}
                version={version}
                previous={data.versions[i + 1]?.lastSeq ?? (version.firstSeq > 1 ? version.firstSeq - 1 : null)}
                latestSeq={data.latestSeq}
                procurementId={procurement.id}
                canEdit={canEdit}
                onChanged={async () => {
                  await reloadTimeline();
                  await reloadNamed();
                }}
              />
            ))}
          </ol>
          {pages > 1 && (
            <nav className="govuk-pagination" aria-label="Pages of versions">
              {data.page > 1 && (
                <div className="govuk-pagination__prev">
                  <a
                    className="govuk-link govuk-pagination__link"
                    href={`?${withPage(params, data.page - 1)}`}
                    onClick={(e) => {
                      e.preventDefault();
                      setParams(withPage(params, data.page - 1));
                    }}
                  >
                    <span className="govuk-pagination__link-title">Newer versions</span>
                  </a>
                </div>
              )}
              {data.page < pages && (
                <div className="govuk-pagination__next">
                  <a
                    className="govuk-link govuk-pagination__link"
                    href={`?${withPage(params, data.page + 1)}`}
                    onClick={(e) => {
                      e.preventDefault();
                      setParams(withPage(params, data.page + 1));
                    }}
                  >
                    <span className="govuk-pagination__link-title">Older versions</span>
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

function withPage(params: URLSearchParams, page: number): URLSearchParams {
  const next = new URLSearchParams(params);
  next.set('page', String(page));
  return next;
}

function VersionItem({
  version,
  previous,
  latestSeq,
  procurementId,
  canEdit,
  onChanged,
}: {
  version: VersionSummary;
  previous: number | null;
  latestSeq: number;
  procurementId: string;
  canEdit: boolean;
  onChanged: () => Promise<void>;
}) {
  const navigate = useNavigate();
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [note, setNote] = useState('');
  const action = useAction();
  const base = `/procurements/${procurementId}/history`;
  const headingId = `version-${version.version}`;

  const saveName = async (event: FormEvent) => {
    event.preventDefault();
    if (await action.run(() => api.post(`/api/procurements/${procurementId}/history/named`, { seq: version.lastSeq, name, note }))) {
      setNaming(false);
      setName('');
      setNote('');
      await onChanged();
    }
  };
  const restore = async () => {
    if (
      !confirm(
        `Restore the document to how it was at ${formatDateTime(version.endedAt)}? Everyone’s later changes stay in the history and can be restored too.`,
      )
    )
      return;
    if (await action.run(() => api.post(`/api/procurements/${procurementId}/history/restore`, { seq: version.lastSeq }))) {
      await onChanged();
      void navigate(`/procurements/${procurementId}`);
    }
  };

  // What the server did alone, and restores, are said in a note; people are listed otherwise.
  const showAuthors = version.authors.length > 0 && version.restoreOf === null;
  const areas = version.areas.map((a) => a.label).join('; ') || 'document settings';
  // Versions recorded before summaries were kept say only where they changed; a note
  // alone says what the server did.
  const changed =
    version.changes && version.changes.length > 0
      ? sentence(version.changes.join('; '))
      : version.changes && version.note
        ? null
        : `Changed: ${areas}`;

  return (
    <li className="app-card" aria-labelledby={headingId} data-testid="version">
      <div className="app-card__body">
        <h4 className="govuk-heading-s govuk-!-margin-bottom-1" id={headingId}>
          {version.title}: {formatDateTime(version.startedAt)}
          {version.endedAt !== version.startedAt && ` to ${formatDateTime(version.endedAt).split(' at ')[1]}`}
          {version.restoreOf !== null && (
            <>
              {' '}
              <Tag colour="orange">Restore</Tag>
            </>
          )}
        </h4>
        {version.note && (
          <p className="govuk-body govuk-!-margin-bottom-1" data-testid="version-note">
            {version.note}
          </p>
        )}
        {showAuthors && (
          <p className="govuk-body govuk-!-margin-bottom-1">
            {version.authors.map((a, i) => (
              <span key={a.id ?? i}>
                {i > 0 && ', '}
                <PersonLabel person={a} />
              </span>
            ))}
          </p>
        )}
        {changed && (
          <p className="govuk-body-s govuk-!-margin-bottom-1" data-testid="version-changes">
            {changed}
          </p>
        )}
        <SuggestionDecisions decisions={version.suggestionDecisions} />
        <Details
          summary={
            <>
              Where and how much<span className="govuk-visually-hidden"> ({version.title})</span>
            </>
          }
        >
          <p className="govuk-body-s govuk-!-margin-bottom-0">
            {areas}. Saved as {version.updates} update{version.updates === 1 ? '' : 's'} ({formatSize(version.bytes)}).
          </p>
        </Details>
        <ul className="govuk-list app-inline-list">
          <li>
            <Link className="govuk-link" to={`${base}/version/${version.lastSeq}`}>
              View<span className="govuk-visually-hidden"> {version.title}</span>
            </Link>
          </li>
          {previous !== null && (
            <li>
              <Link className="govuk-link" to={`${base}/compare?from=${previous}&to=${version.lastSeq}`}>
                What changed<span className="govuk-visually-hidden"> in {version.title}</span>
              </Link>
            </li>
          )}
          {version.lastSeq < latestSeq && (
            <li>
              <Link className="govuk-link" to={`${base}/compare?from=${version.lastSeq}&to=${latestSeq}`}>
                Compare with now<span className="govuk-visually-hidden"> ({version.title})</span>
              </Link>
            </li>
          )}
          {canEdit && (
            <li>
              <button type="button" className="app-link-button" aria-expanded={naming} onClick={() => setNaming(!naming)}>
                Name this version<span className="govuk-visually-hidden"> ({version.title})</span>
              </button>
            </li>
          )}
          {canEdit && version.lastSeq < latestSeq && (
            <li>
              <button type="button" className="app-link-button" onClick={() => void restore()}>
                Restore<span className="govuk-visually-hidden"> {version.title}</span>
              </button>
            </li>
          )}
        </ul>
        <ErrorSummary errors={action.errors} />
        {naming && (
          <form onSubmit={saveName} noValidate>
            <TextInput
              id={`${headingId}-name`}
              label="Name"
              hint="For example, ‘Draft for market engagement’"
              value={name}
              onChange={setName}
              error={action.fieldError('name')}
            />
            <Textarea id={`${headingId}-note`} label="Note (optional)" rows={2} value={note} onChange={setNote} />
            <Button variant="secondary" disabled={action.busy}>
              Save named version
            </Button>
          </form>
        )}
      </div>
    </li>
  );
}

/** "850 bytes", "12 KB", "3.4 MB". */
function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} byte${bytes === 1 ? '' : 's'}`;
  if (bytes < 1_000_000) return `${Math.round(bytes / 1000)} KB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** "1 requirement added" as the start of a sentence. */
function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
