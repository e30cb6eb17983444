/** Each borough's sign-off of the specification, and a plain warning when it has changed since. */
import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { specificationOf } from '../../../../shared/doc-layout.js';
import { Link } from 'react-router';
import type { ProcurementDetail } from '../../../../shared/api.js';
import type { NamedVersions } from '../../../../shared/history.js';
import { api } from '../../api/client.js';
import { useLoad } from '../../api/use-load.js';
import { formatDateTime } from '../../ui/format.js';
import type { WorkspaceContext } from '../workspace-context.js';

/** The specification's content hash, as the server computes it, kept current as people type. */
function useSpecificationHash(doc: Y.Doc): string | null {
  const [hash, setHash] = useState<string | null>(null);
  useEffect(() => {
    const fragment = specificationOf(doc);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const compute = async () => {
      const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(fragment.toString()));
      setHash(Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join(''));
    };
    const changed = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void compute(), 400);
    };
    void compute();
    fragment.observeDeep(changed);
    return () => {
      clearTimeout(timer);
      fragment.unobserveDeep(changed);
    };
  }, [doc]);
  return hash;
}

export function SignoffSummary({
  procurement,
  doc,
  onEvent,
}: {
  procurement: ProcurementDetail;
  doc: Y.Doc;
  onEvent: WorkspaceContext['onEvent'];
}) {
  const state = useLoad(() => api.get<NamedVersions>(`/api/procurements/${procurement.id}/history/named`), [procurement.id]);
  const reload = state.reload;
  const currentHash = useSpecificationHash(doc);
  useEffect(() => onEvent((event) => (event.type === 'versions-changed' ? void reload() : undefined)), [onEvent, reload]);
  if (!state.data) return null;
  const { named } = state.data;
  // "Changed since" follows the document live, not only when the page loaded.
  const signoffs = state.data.signoffs.map((s) => {
    const signedHash = named.find((n) => n.id === s.latest?.versionId)?.specificationHash;
    return { ...s, changedSince: currentHash && signedHash ? currentHash !== signedHash : s.changedSince };
  });
  return (
    <div className="app-signoffs" data-testid="signoffs">
      <h3 className="govuk-heading-s govuk-!-margin-bottom-2">Sign-off</h3>
      <ul className="govuk-list">
        {signoffs.map((s) => (
          <li key={s.boroughId}>
            {s.latest ? (
              <>
                <strong>{s.boroughName}</strong> signed off “{s.latest.versionName}” ({s.latest.signedBy.name},{' '}
                {formatDateTime(s.latest.signedAt)}).
                {s.changedSince && (
                  <>
                    {' '}
                    <strong className="govuk-tag govuk-tag--orange">Changed since</strong>{' '}
                    <Link className="govuk-link" to={`/procurements/${procurement.id}/history/compare?from=${s.latest.seq}`}>
                      See what changed since {s.boroughName} signed off
                    </Link>
                  </>
                )}
              </>
            ) : (
              <>
                <strong>{s.boroughName}</strong> has not signed off a version yet.
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
