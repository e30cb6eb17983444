/**
 * A past version, exactly as it was, in the same rendering as the live workspace but
 * read only.
 */
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import * as Y from 'yjs';
import { api } from '../../api/client.js';
import { Button, NotificationBanner } from '../../ui/govuk.js';
import { useTitle } from '../../ui/Layout.js';
import { DecisionsPage } from '../decisions/DecisionsPage.js';
import { EngagementPage } from '../engagement/EngagementPage.js';
import { SpecificationPage } from '../spec/SpecificationPage.js';
import type { WorkspaceContext } from '../workspace-context.js';

type Area = 'specification' | 'engagement' | 'decisions';

export function VersionPage(context: WorkspaceContext) {
  const { procurement, canEdit } = context;
  const { seq = '0' } = useParams();
  useTitle(`Version – ${procurement.title}`);
  const navigate = useNavigate();
  const [doc, setDoc] = useState<Y.Doc | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [area, setArea] = useState<Area>('specification');
  const [latestSeq, setLatestSeq] = useState<number | null>(null);

  useEffect(() => {
    let cancelled = false;
    const version = new Y.Doc();
    (async () => {
      const response = await fetch(`/api/procurements/${procurement.id}/history/state/${encodeURIComponent(seq)}`, {
        credentials: 'same-origin',
      });
      if (!response.ok) throw new Error('This version could not be found.');
      Y.applyUpdateV2(version, new Uint8Array(await response.arrayBuffer()));
      const timeline = await api.get<{ latestSeq: number }>(`/api/procurements/${procurement.id}/history?pageSize=1`);
      if (!cancelled) {
        setDoc(version);
        setLatestSeq(timeline.latestSeq);
      }
    })().catch((e: unknown) => !cancelled && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      cancelled = true;
      version.destroy();
    };
  }, [procurement.id, seq]);

  const restore = async () => {
    if (!confirm('Restore the document to this version? Later changes stay in the history.')) return;
    try {
      await api.post(`/api/procurements/${procurement.id}/history/restore`, { seq: Number(seq) });
      void navigate(`/procurements/${procurement.id}`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  if (error) return <p className="govuk-error-message">{error}</p>;
  if (!doc) return <p className="govuk-body">Loading the version…</p>;
  const shown: WorkspaceContext = { ...context, doc, live: null, canEdit: false };
  return (
    <>
      <NotificationBanner title="A past version">
        <p className="govuk-notification-banner__heading">You are looking at the document as it was at change {seq}. It is read only.</p>
        <div className="govuk-button-group govuk-!-margin-bottom-0">
          {latestSeq !== null && Number(seq) < latestSeq && (
            <Link className="govuk-link" to={`/procurements/${procurement.id}/history/compare?from=${seq}&to=${latestSeq}`}>
              Compare with now
            </Link>
          )}
          <Link className="govuk-link" to={`/procurements/${procurement.id}/history`}>
            Back to history
          </Link>
          {canEdit && latestSeq !== null && Number(seq) < latestSeq && (
            <Button type="button" variant="secondary" onClick={() => void restore()}>
              Restore this version
            </Button>
          )}
        </div>
      </NotificationBanner>
      <nav aria-label="Areas of this version">
        <ul className="app-tabs app-tabs--secondary">
          {(
            [
              ['specification', 'Specification'],
              ['engagement', 'Market engagement'],
              ['decisions', 'Decisions'],
            ] as const
          ).map(([key, label]) => (
            <li key={key}>
              <a
                href={`#${key}`}
                className="app-tabs__link"
                aria-current={area === key ? 'page' : undefined}
                onClick={(event) => {
                  event.preventDefault();
                  setArea(key);
                }}
              >
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {area === 'specification' && <SpecificationPage {...shown} />}
      {area === 'engagement' && <EngagementPage {...shown} />}
      {area === 'decisions' && <DecisionsPage {...shown} />}
    </>
  );
}
