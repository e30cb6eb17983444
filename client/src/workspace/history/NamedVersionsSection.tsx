/**
 * Named versions of the specification, each with the boroughs that signed it off, and
 * for a borough lead the formal act of signing off for their borough: what is being
 * signed (name, date, content hash and the declaration) is shown and confirmed first;
 * afterwards the sign-off shows in place of the button, and can be withdrawn with a
 * reason, which stays on record.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { signoffDeclaration, type NamedVersion, type NamedVersions, type SignoffRecord } from '../../../../shared/history.js';
import { api } from '../../api/client.js';
import { useAction } from '../../api/use-action.js';
import { formatDateTime } from '../../ui/format.js';
import { Button, ErrorSummary, TableHead, Textarea } from '../../ui/govuk.js';
import { ExportLinks } from '../ExportLinks.js';
import type { WorkspaceContext } from '../workspace-context.js';

type Procurement = WorkspaceContext['procurement'];

export function NamedVersionsSection({
  procurement,
  data,
  onChanged,
}: {
  procurement: Procurement;
  data: NamedVersions;
  onChanged: () => Promise<void>;
}) {
  return (
    <section aria-labelledby="named-heading">
      <h3 className="govuk-heading-m" id="named-heading">
        Named versions
      </h3>
      {data.named.length === 0 && <p className="govuk-body">No version has been named yet. Name one from the list below.</p>}
      {data.named.length > 0 && (
        <table className="govuk-table app-table--stacked" data-testid="named-versions">
          <caption className="govuk-visually-hidden">Named versions and who signed them off</caption>
          <TableHead columns={['Version', 'Signed off', { hidden: 'Actions' }]} />
          <tbody className="govuk-table__body">
            {data.named.map((n) => (
              <NamedVersionRow key={n.id} procurement={procurement} version={n} latestSeq={data.latestSeq} onChanged={onChanged} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function NamedVersionRow({
  procurement,
  version,
  latestSeq,
  onChanged,
}: {
  procurement: Procurement;
  version: NamedVersion;
  latestSeq: number;
  onChanged: () => Promise<void>;
}) {
  const standing = version.signoffs.filter((s) => s.withdrawn === null);
  const withdrawn = version.signoffs.filter((s) => s.withdrawn !== null);
  return (
    <tr className="govuk-table__row" data-testid="named-version">
      <td className="govuk-table__cell">
        <strong>{version.name}</strong>
        <br />
        <span className="govuk-body-s">
          Named by {version.createdBy.name}, {formatDateTime(version.createdAt)}
        </span>
        {version.note && <p className="govuk-body-s govuk-!-margin-bottom-0">{version.note}</p>}
      </td>
      <td data-label="Signed off" className="govuk-table__cell">
        {standing.length === 0 ? 'Nobody yet' : <SignoffList signoffs={standing} />}
        {withdrawn.length > 0 && (
          <details className="govuk-details govuk-!-margin-bottom-0 govuk-!-margin-top-2">
            <summary className="govuk-details__summary">
              <span className="govuk-details__summary-text">Withdrawn sign-offs ({withdrawn.length})</span>
            </summary>
            <div className="govuk-details__text">
              <ul className="govuk-list govuk-body-s">
                {withdrawn.map((s) => (
                  <li key={`${s.boroughId}-${s.signedAt}`}>
                    {s.boroughName}: signed off by {s.signedBy.name} on {formatDateTime(s.signedAt)}, withdrawn by {s.withdrawn!.by.name} on{' '}
                    {formatDateTime(s.withdrawn!.at)}: “{s.withdrawn!.reason}”
                  </li>
                ))}
              </ul>
            </div>
          </details>
        )}
      </td>
      <td className="govuk-table__cell">
        <ul className="govuk-list">
          <li>
            <Link className="govuk-link" to={`/procurements/${procurement.id}/history/version/${version.seq}`}>
              View<span className="govuk-visually-hidden"> {version.name}</span>
            </Link>
          </li>
          {version.seq < latestSeq && (
            <li>
              <Link className="govuk-link" to={`/procurements/${procurement.id}/history/compare?from=${version.seq}&to=${latestSeq}`}>
                Compare with now<span className="govuk-visually-hidden"> ({version.name})</span>
              </Link>
            </li>
          )}
        </ul>
        <ExportLinks procurement={procurement} document="specification" version={version} />
        {procurement.me.can.speakForBorough && <MySignoff procurement={procurement} version={version} onChanged={onChanged} />}
      </td>
    </tr>
  );
}

function SignoffList({ signoffs }: { signoffs: SignoffRecord[] }) {
  return (
    <ul className="govuk-list govuk-!-margin-bottom-0">
      {signoffs.map((s) => (
        <li key={s.boroughId}>
          {s.boroughName} ({s.signedBy.name}, {formatDateTime(s.signedAt)})
        </li>
      ))}
    </ul>
  );
}

/** The signed-in borough lead's sign-off of one version: sign, with confirmation, or withdraw, with a reason. */
function MySignoff({
  procurement,
  version,
  onChanged,
}: {
  procurement: Procurement;
  version: NamedVersion;
  onChanged: () => Promise<void>;
}) {
  const borough = procurement.boroughs.find((b) => b.id === procurement.me.boroughId);
  const mine = version.signoffs.find((s) => s.boroughId === procurement.me.boroughId && s.withdrawn === null);
  const [step, setStep] = useState<'idle' | 'confirming' | 'withdrawing'>('idle');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const action = useAction();
  const message = useRef<HTMLDivElement>(null);
  const base = `/api/procurements/${procurement.id}/history/named/${version.id}/signoff`;
  const boroughName = borough?.name ?? 'your borough';

  // After a sign-off or a withdrawal, focus moves to what happened, for screen readers too.
  useEffect(() => {
    if (done) message.current?.focus();
  }, [done]);

  const sign = async () => {
    if (await action.run(() => api.post(base, { specificationHash: version.specificationHash }))) {
      setStep('idle');
      setDone(`You signed off “${version.name}” for ${boroughName}.`);
      await onChanged();
    }
  };
  const withdraw = async (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) {
      action.setErrors([{ field: `${version.id}-reason`, message: 'Say why the sign-off is withdrawn' }]);
      return;
    }
    if (await action.run(() => api.post(`${base}/withdraw`, { reason }))) {
      setStep('idle');
      setReason('');
      setDone(`You withdrew ${boroughName}’s sign-off of “${version.name}”.`);
      await onChanged();
    }
  };

  return (
    <div data-testid="my-signoff">
      <ErrorSummary errors={action.errors} />
      {done && (
        <div className="govuk-inset-text govuk-!-margin-top-0" role="status" tabIndex={-1} ref={message}>
          {done}
        </div>
      )}
      {mine && step !== 'withdrawing' && (
        <>
          <p className="govuk-body-s govuk-!-margin-bottom-1">
            <strong>
              Signed off for {boroughName} by {mine.signedBy.name} on {formatDateTime(mine.signedAt)}
            </strong>
          </p>
          <button type="button" className="app-link-button" onClick={() => setStep('withdrawing')}>
            Withdraw {boroughName}’s sign-off<span className="govuk-visually-hidden"> of {version.name}</span>
          </button>
        </>
      )}
      {mine && step === 'withdrawing' && (
        <form onSubmit={(event) => void withdraw(event)} noValidate>
          <Textarea
            id={`${version.id}-reason`}
            label={`Why ${boroughName} withdraws its sign-off`}
            hint="Everyone taking part sees the reason, and it stays on record."
            rows={2}
            value={reason}
            onChange={setReason}
            error={action.fieldError(`${version.id}-reason`)}
          />
          <div className="govuk-button-group">
            <Button variant="warning" disabled={action.busy}>
              Withdraw sign-off
            </Button>
            <button type="button" className="app-link-button" onClick={() => setStep('idle')}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {!mine && step !== 'confirming' && (
        <Button type="button" variant="secondary" className="govuk-!-margin-bottom-0" onClick={() => setStep('confirming')}>
          Sign off for {boroughName}
          <span className="govuk-visually-hidden"> ({version.name})</span>
        </Button>
      )}
      {!mine && step === 'confirming' && (
        <div className="app-confirm" role="group" aria-labelledby={`${version.id}-confirm`}>
          <h4 className="govuk-heading-s" id={`${version.id}-confirm`}>
            Sign off “{version.name}” for {boroughName}
          </h4>
          <dl className="govuk-summary-list govuk-summary-list--no-border govuk-!-font-size-16">
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Version</dt>
              <dd className="govuk-summary-list__value">{version.name}</dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Named</dt>
              <dd className="govuk-summary-list__value">
                {formatDateTime(version.createdAt)} by {version.createdBy.name}
              </dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Content hash</dt>
              <dd className="govuk-summary-list__value app-email">{version.specificationHash}</dd>
            </div>
          </dl>
          <p className="govuk-body">{signoffDeclaration(boroughName, version.name)}</p>
          <div className="govuk-button-group">
            <Button type="button" disabled={action.busy} onClick={() => void sign()}>
              Confirm sign-off
            </Button>
            <button type="button" className="app-link-button" onClick={() => setStep('idle')}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
