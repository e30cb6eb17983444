/**
 * Correcting accounts in the wrong borough: this borough's admin asks for one of their
 * accounts to move to the borough its holder works for; that borough's admin approves or
 * declines. Requests into and out of the borough are listed with what became of them.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { requestBoroughCorrection, type BoroughCorrection } from '../../../../shared/account-boroughs.js';
import type { BoroughSummary, Colleague, KnownBorough } from '../../../../shared/api.js';
import { api } from '../../api/client.js';
import { useAction } from '../../api/use-action.js';
import { useLoad } from '../../api/use-load.js';
import { formatDateTime } from '../../ui/format.js';
import { Button, ErrorSummary, Select, TableHead, Tag, Textarea } from '../../ui/govuk.js';

const outcomeLabel = { approved: 'Approved', declined: 'Declined', withdrawn: 'Withdrawn' } as const;

export function BoroughCorrectionsSection({
  borough,
  colleagues,
  corrections,
  onChanged,
}: {
  borough: BoroughSummary;
  /** The accounts that may be moved: the borough's, with access, not the admin's own. */
  colleagues: Colleague[];
  corrections: BoroughCorrection[];
  onChanged: () => Promise<void>;
}) {
  const incoming = corrections.filter((c) => c.to.id === borough.id && c.outcome === null);
  const others = corrections.filter((c) => !incoming.includes(c));
  return (
    <section aria-labelledby="corrections-heading">
      <h2 className="govuk-heading-m" id="corrections-heading">
        Accounts in the wrong borough
      </h2>
      <p className="govuk-body">
        What someone writes is credited to their borough, so their account must be in the borough they work for. If one of {borough.name}’s
        accounts belongs to someone from another borough, ask that borough’s administrator to take it over. Their earlier work stays
        credited to {borough.name}, as it was at the time.
      </p>
      {incoming.length > 0 && <IncomingRequests borough={borough} requests={incoming} onChanged={onChanged} />}
      <RequestForm borough={borough} colleagues={colleagues} onChanged={onChanged} />
      {others.length > 0 && <RequestHistory borough={borough} requests={others} onChanged={onChanged} />}
    </section>
  );
}

function IncomingRequests({
  borough,
  requests,
  onChanged,
}: {
  borough: BoroughSummary;
  requests: BoroughCorrection[];
  onChanged: () => Promise<void>;
}) {
  const action = useAction();
  const decide = (request: BoroughCorrection, outcome: 'approve' | 'decline') => {
    const question =
      outcome === 'approve'
        ? `Move ${request.person.name} (${request.person.email}) to ${borough.name}? Their account joins ${borough.name}; in each procurement ${borough.name} takes part in they stay, as ${borough.name} staff and not as borough lead; they leave the others. Invitations they sent are withdrawn.`
        : `Decline moving ${request.person.name} to ${borough.name}? Their account stays in ${request.from.name}.`;
    if (!confirm(question)) return;
    void action.run(async () => {
      await api.post(`/api/borough/corrections/${request.id}/${outcome}`);
      await onChanged();
    });
  };
  return (
    <>
      <h3 className="govuk-heading-s">Waiting for you</h3>
      <ErrorSummary errors={action.errors} />
      <ul className="govuk-list" data-testid="corrections-waiting">
        {requests.map((r) => (
          <li key={r.id} className="app-card">
            <p className="govuk-body">
              <strong>{r.requestedBy.name}</strong> ({r.from.name}) asks that <strong>{r.person.name}</strong>{' '}
              <span className="app-email">({r.person.email})</span> move to {borough.name}, on {formatDateTime(r.requestedAt)}:
            </p>
            <p className="govuk-body app-read-only-field__value--multiline">“{r.reason}”</p>
            <div className="govuk-button-group">
              <Button onClick={() => decide(r, 'approve')} disabled={action.busy}>
                Approve<span className="govuk-visually-hidden"> moving {r.person.name}</span>
              </Button>
              <Button variant="secondary" onClick={() => decide(r, 'decline')} disabled={action.busy}>
                Decline<span className="govuk-visually-hidden"> moving {r.person.name}</span>
              </Button>
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}

function RequestForm({
  borough,
  colleagues,
  onChanged,
}: {
  borough: BoroughSummary;
  colleagues: Colleague[];
  onChanged: () => Promise<void>;
}) {
  const boroughs = useLoad(() => api.get<{ boroughs: KnownBorough[] }>('/api/boroughs'), []);
  const action = useAction();
  const [userId, setUserId] = useState('');
  const [toBoroughId, setToBoroughId] = useState('');
  const [reason, setReason] = useState('');
  const [sent, setSent] = useState<string | null>(null);
  const status = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (sent) status.current?.focus();
  }, [sent]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSent(null);
    const checked = requestBoroughCorrection.safeParse({ userId, toBoroughId, reason });
    if (!checked.success) {
      const fieldIds: Record<string, string> = {
        userId: 'correction-person',
        toBoroughId: 'correction-borough',
        reason: 'correction-reason',
      };
      action.setErrors(
        checked.error.issues.map((i) => ({
          field: fieldIds[String(i.path[0])],
          message: i.path[0] === 'userId' ? 'Choose whose account is in the wrong borough' : i.message,
        })),
      );
      return;
    }
    const ok = await action.run(async () => {
      await api.post('/api/borough/corrections', checked.data);
      await onChanged();
    });
    if (ok) {
      const person = colleagues.find((c) => c.id === userId)?.name ?? 'them';
      const to = boroughs.data?.boroughs.find((b) => b.id === toBoroughId)?.name ?? 'that borough';
      setSent(`Asked ${to}’s administrator to take over ${person}’s account.`);
      setUserId('');
      setToBoroughId('');
      setReason('');
    }
  };

  const fieldError = (id: string, apiField: string) => action.fieldError(id) ?? action.fieldError(apiField);
  return (
    <form onSubmit={submit} noValidate>
      <h3 className="govuk-heading-s">Ask another borough to take over an account</h3>
      <ErrorSummary errors={action.errors} />
      <p className="govuk-body" role="status" tabIndex={-1} ref={status}>
        {sent}
      </p>
      <Select
        id="correction-person"
        label="Whose account"
        value={userId}
        onChange={setUserId}
        error={fieldError('correction-person', 'userId')}
        options={[{ value: '', label: 'Choose a person' }, ...colleagues.map((c) => ({ value: c.id, label: `${c.name} (${c.email})` }))]}
      />
      <Select
        id="correction-borough"
        label="The borough they work for"
        value={toBoroughId}
        onChange={setToBoroughId}
        error={fieldError('correction-borough', 'toBoroughId')}
        options={[
          { value: '', label: 'Choose a borough' },
          ...(boroughs.data?.boroughs ?? []).filter((b) => b.id !== borough.id).map((b) => ({ value: b.id, label: b.name })),
        ]}
      />
      <Textarea
        id="correction-reason"
        label="Why the account is in the wrong borough"
        hint="Their administrator reads this before approving."
        value={reason}
        onChange={setReason}
        rows={3}
        error={fieldError('correction-reason', 'reason')}
      />
      <Button variant="secondary" disabled={action.busy}>
        Ask them to take it over
      </Button>
    </form>
  );
}

function RequestHistory({
  borough,
  requests,
  onChanged,
}: {
  borough: BoroughSummary;
  requests: BoroughCorrection[];
  onChanged: () => Promise<void>;
}) {
  const action = useAction();
  return (
    <>
      <ErrorSummary errors={action.errors} />
      <table className="govuk-table app-table--stacked">
        <caption className="govuk-table__caption govuk-table__caption--s">Requests into and out of {borough.name}</caption>
        <TableHead columns={['Account', 'From → to', 'Status', { hidden: 'Actions' }]} />
        <tbody className="govuk-table__body">
          {requests.map((r) => (
            <tr className="govuk-table__row" key={r.id}>
              <td className="govuk-table__cell">
                <strong>{r.person.name}</strong>
                <br />
                <span className="govuk-body-s">
                  asked by {r.requestedBy.name}, {formatDateTime(r.requestedAt)}
                </span>
              </td>
              <td data-label="From → to" className="govuk-table__cell">
                {r.from.name} → {r.to.name}
              </td>
              <td data-label="Status" className="govuk-table__cell">
                {r.outcome ? (
                  <>
                    <Tag colour={r.outcome === 'approved' ? 'green' : 'grey'}>{outcomeLabel[r.outcome]}</Tag>
                    {r.decidedBy && r.decidedAt && (
                      <span className="govuk-body-s">
                        {' '}
                        by {r.decidedBy.name}, {formatDateTime(r.decidedAt)}
                      </span>
                    )}
                  </>
                ) : (
                  <Tag colour="yellow">Waiting for {r.to.name}</Tag>
                )}
              </td>
              <td className="govuk-table__cell app-table-actions">
                {r.outcome === null && r.from.id === borough.id && (
                  <button
                    type="button"
                    className="app-link-button"
                    onClick={() =>
                      void action.run(async () => {
                        await api.post(`/api/borough/corrections/${r.id}/withdraw`);
                        await onChanged();
                      })
                    }
                  >
                    Withdraw<span className="govuk-visually-hidden"> the request for {r.person.name}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
