import { useState, type FormEvent } from 'react';
import type { CreatedInvitation, Invitation, ProcurementDetail } from '../../../../shared/api.js';
import { memberRoleLabel, memberRoles, type MemberRole } from '../../../../shared/roles.js';
import { api } from '../../api/client.js';
import { useLoad } from '../../api/use-load.js';
import { Button, ErrorSummary, InsetText, Select, TableHead } from '../../ui/govuk.js';
import { InviteeEmail } from '../../ui/InviteeEmail.js';
import { InvitationStatusCells } from '../../ui/InvitationStatus.js';
import { useAction } from '../../api/use-action.js';

export function InvitationsSection({ procurement }: { procurement: ProcurementDetail }) {
  const path = `/api/procurements/${procurement.id}/invitations`;
  const list = useLoad(() => api.get<{ invitations: Invitation[] }>(path), [path]);
  const action = useAction();
  const [email, setEmail] = useState('');
  const [worksForBorough, setWorksForBorough] = useState(false);
  const [role, setRole] = useState<MemberRole>('editor');
  const [created, setCreated] = useState<CreatedInvitation | null>(null);
  const [copied, setCopied] = useState(false);
  const myBorough = procurement.boroughs.find((b) => b.id === procurement.me.boroughId);
  const roleChoices = memberRoles.filter(
    (r) => (procurement.me.can.makeOwner || r !== 'owner') && (myBorough?.role !== 'observer' || r === 'viewer'),
  );

  const invite = async (event: FormEvent) => {
    event.preventDefault();
    await action.run(async () => {
      const result = await api.post<CreatedInvitation>(path, { email, role, worksForBorough });
      setCreated(result);
      setCopied(false);
      setEmail('');
      setWorksForBorough(false);
      await list.reload();
    });
  };

  return (
    <section aria-labelledby="invitations-heading">
      <h2 className="govuk-heading-m" id="invitations-heading">
        Invite a colleague from {myBorough?.name}
      </h2>
      <p className="govuk-body">
        For someone who does not have an account yet. They get a link to create one, valid for 7 days and usable once.
      </p>
      <p className="govuk-body">
        You can invite only people who work for {myBorough?.name}. To bring in staff of another borough taking part, ask that borough’s
        lead.
      </p>
      <ErrorSummary errors={action.errors} />
      {created && (
        <InsetText>
          <p className="govuk-body">Send this link to {created.email}. It is shown only now, so copy it before you leave this page.</p>
          <p className="govuk-body">
            <code className="govuk-!-font-size-16" style={{ wordBreak: 'break-all' }} data-testid="invitation-link">
              {created.link}
            </code>
          </p>
          <Button
            type="button"
            variant="secondary"
            onClick={async () => {
              await navigator.clipboard?.writeText(created.link).catch(() => undefined);
              setCopied(true);
            }}
          >
            {copied ? 'Link copied' : 'Copy link'}
          </Button>
        </InsetText>
      )}
      <form onSubmit={invite} noValidate>
        <InviteeEmail
          id="invite-email"
          borough={{ id: procurement.me.boroughId, name: myBorough?.name ?? '' }}
          email={email}
          onEmailChange={setEmail}
          worksForBorough={worksForBorough}
          onWorksForBoroughChange={setWorksForBorough}
          emailError={action.fieldError('email')}
          worksForBoroughError={action.fieldError('worksForBorough')}
        />
        <Select
          id="invite-role"
          label="Role"
          value={role}
          onChange={(v) => setRole(v as MemberRole)}
          options={roleChoices.map((r) => ({ value: r, label: memberRoleLabel[r] }))}
        />
        <Button variant="secondary" disabled={action.busy}>
          Create invitation link
        </Button>
      </form>
      {list.data && list.data.invitations.length > 0 && (
        <table className="govuk-table app-table--stacked">
          <caption className="govuk-table__caption govuk-table__caption--s">Invitations sent</caption>
          <TableHead columns={['Email', 'Role', 'Status', { hidden: 'Actions' }]} />
          <tbody className="govuk-table__body">
            {list.data.invitations.map((i) => (
              <tr className="govuk-table__row" key={i.id}>
                <td className="govuk-table__cell">
                  <span className="app-email">{i.email}</span>
                  <br />
                  <span className="govuk-body-s">
                    {i.borough.name}, by {i.invitedBy.name}
                  </span>
                </td>
                <td data-label="Role" className="govuk-table__cell">
                  {memberRoleLabel[i.role]}
                </td>
                <InvitationStatusCells
                  invitation={i}
                  onWithdraw={() =>
                    void action.run(async () => {
                      await api.delete(`${path}/${i.id}`);
                      await list.reload();
                    })
                  }
                />
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
