/**
 * A procurement's workspace: its live document (kept open while moving between areas),
 * the connection state and who is here, and the areas as tabs.
 */
import { forYouMayHaveChanged } from '../for-you/unread.js';
import { useEffect, useState, type ReactNode } from 'react';
import { NavLink, Route, Routes, useNavigate, useParams } from 'react-router';
import type { ProcurementDetail } from '../../../shared/api.js';
import { CloseCode } from '../../../shared/close-codes.js';
import { presenceColour } from '../../../shared/presence.js';
import { api } from '../api/client.js';
import { useMe } from '../api/session.js';
import { useLoad } from '../api/use-load.js';
import { NotFoundPage } from '../pages/NotFoundPage.js';
import { InsetText, PageHeading } from '../ui/govuk.js';
import { Layout } from '../ui/Layout.js';
import { PageLoading } from '../ui/lazy-page.js';
import { ComparePage, DecisionsPage, EngagementPage, HistoryPage, RecordPage, SpecificationPage, VersionPage } from './areas.js';
import { ConnectionStatus } from './ConnectionStatus.js';
import { procurementDetailsPath } from './details-path.js';
import { LiveDocument } from './live-document.js';
import { PresenceList } from './PresenceList.js';
import { SettingsPage } from './settings/SettingsPage.js';
import { useConnectionState } from './use-y.js';
import { LiveEvents, type WorkspaceContext } from './workspace-context.js';

export function WorkspacePage() {
  const { procurementId = '' } = useParams();
  const me = useMe();
  const navigate = useNavigate();
  const detail = useLoad(() => api.get<ProcurementDetail>(procurementDetailsPath(procurementId)), [procurementId]);
  const [live, setLive] = useState<LiveDocument | null>(null);
  const [size, setSize] = useState<{ bytes: number; limit: number } | null>(null);
  const [events] = useState(() => new LiveEvents());
  const reload = detail.reload;
  const canEdit = detail.data?.me.can.edit ?? false;
  const known = !!detail.data;

  useEffect(() => {
    if (!known) return;
    // The colour others see me in (the server stamps it on my presence), for my own cursor too.
    const colour = detail.data?.members.find((m) => m.userId === me.user.id)?.colour ?? presenceColour(me.user.id);
    const document = new LiveDocument({
      procurementId,
      user: { id: me.user.id, name: me.user.name, borough: me.user.borough.name, color: colour },
      readOnly: !canEdit,
      onEvent: (event) => {
        if (event.type === 'participants-changed' || event.type === 'procurement-changed') void reload();
        if (event.type === 'document-size') setSize({ bytes: event.bytes, limit: event.limit });
        if (event.type === 'for-you-changed') forYouMayHaveChanged();
        events.emit(event);
      },
      onClosed: (code) => {
        if (code === CloseCode.signedOut) void navigate(`/sign-in?expired=1&next=${encodeURIComponent(location.pathname)}`);
        else void reload();
      },
    });
    // The live document is made here, where its cleanup can destroy it (StrictMode runs
    // effects twice), and handed to the page once made.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setLive(document);
    return () => {
      document.destroy();
      setLive(null);
    };
    // A new live document only for another procurement or person, not for every reload.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [procurementId, me.user.id, known]);

  useEffect(() => live?.setReadOnly(!canEdit), [live, canEdit]);

  if (detail.loading && !detail.data) {
    return (
      <Layout wide>
        <PageLoading />
      </Layout>
    );
  }
  if (!detail.data) {
    return (
      <Layout>
        <NotFoundPage message={detail.error?.message} />
      </Layout>
    );
  }
  const procurement = detail.data;
  const lead = procurement.boroughs.find((b) => b.role === 'lead');
  const context: WorkspaceContext | null = live
    ? {
        procurement,
        doc: live.doc,
        live,
        canEdit: procurement.me.can.edit,
        onEvent: events.subscribe,
      }
    : null;

  // Each area's code arrives when first opened; the tabs above stay where they are meanwhile.
  const area = (render: (ctx: WorkspaceContext) => ReactNode) => (context ? render(context) : <p className="govuk-body">Opening…</p>);

  return (
    <Layout wide>
      <PageHeading caption={`${procurement.reference ? `${procurement.reference} · ` : ''}Led by ${lead?.name ?? ''}`}>
        {procurement.title}
      </PageHeading>
      {live && <WorkspaceBar live={live} />}
      {size && <DocumentSizeWarning {...size} />}
      {procurement.me.readOnlyReason && (
        <InsetText>
          <strong>You can read this procurement but not change it.</strong> {procurement.me.readOnlyReason}
        </InsetText>
      )}
      <nav aria-label="Areas of this procurement">
        <ul className="app-tabs">
          {[
            ['', 'Specification'],
            ['engagement', 'Market engagement'],
            ['decisions', 'Decisions'],
            ['history', 'History'],
            ['record', 'Record'],
            ['settings', 'Boroughs and people'],
          ].map(([path, label]) => (
            <li key={path}>
              <NavLink end={!path} to={`/procurements/${procurementId}${path ? `/${path}` : ''}`} className="app-tabs__link">
                {label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Routes>
        <Route
          index
          element={area((ctx) => (
            <SpecificationPage {...ctx} />
          ))}
        />
        <Route
          path="engagement"
          element={area((ctx) => (
            <EngagementPage {...ctx} />
          ))}
        />
        <Route
          path="decisions"
          element={area((ctx) => (
            <DecisionsPage {...ctx} />
          ))}
        />
        <Route
          path="history"
          element={area((ctx) => (
            <HistoryPage {...ctx} />
          ))}
        />
        <Route
          path="history/version/:seq"
          element={area((ctx) => (
            <VersionPage {...ctx} />
          ))}
        />
        <Route
          path="history/compare"
          element={area((ctx) => (
            <ComparePage {...ctx} />
          ))}
        />
        <Route
          path="record"
          element={area((ctx) => (
            <RecordPage {...ctx} />
          ))}
        />
        <Route path="settings" element={<SettingsPage procurement={procurement} reload={reload} />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </Layout>
  );
}

function WorkspaceBar({ live }: { live: LiveDocument }) {
  const state = useConnectionState(live);
  return (
    <div className="app-workspace-bar">
      <ConnectionStatus state={state} />
      <PresenceList awareness={live.provider.awareness} />
    </div>
  );
}

/** The document is nearing its size limit: say so before anyone's change is refused. */
function DocumentSizeWarning({ bytes, limit }: { bytes: number; limit: number }) {
  const megabytes = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MB`;
  return (
    <div className="govuk-warning-text" role="status">
      <span className="govuk-warning-text__icon" aria-hidden="true">
        !
      </span>
      <strong className="govuk-warning-text__text">
        <span className="govuk-visually-hidden">Warning</span>
        This procurement is {Math.min(100, Math.round((bytes / limit) * 100))}% of its size limit ({megabytes(bytes)} of {megabytes(limit)}
        ). The history keeps every deleted word, so it only grows. Ask your Jointly administrator to raise the limit before changes can no
        longer be saved.
      </strong>
    </div>
  );
}
