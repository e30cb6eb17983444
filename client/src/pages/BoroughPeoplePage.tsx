/**
 * A borough admin's page: everyone with an account in their borough, invitations to the
 * service, and the two things an admin changes — who else is an admin, and who still has
 * access (someone who has left the council loses it at once); then the borough's email
 * domains, single sign-on with the council's Entra ID tenant, and correcting an account
 * that is in the wrong borough.
 */
import { useState, type FormEvent } from 'react';
import {
  inviteColleagueRequest,
  type BoroughPeople,
  type Colleague,
  type CreatedColleagueInvitation,
  type UpdateColleagueRequest,
} from '../../../shared/api.js';
import { memberRoleLabel } from '../../../shared/roles.js';
import { api } from '../api/client.js';
import { useMe } from '../api/session.js';
import { useAction } from '../api/use-action.js';
import { useLoad } from '../api/use-load.js';
import { formatDate } from '../ui/format.js';
import { Button, ErrorSummary, InsetText, PageHeading, TableHead, Tag } from '../ui/govuk.js';
import { InviteeEmail } from '../ui/InviteeEmail.js';
import { BoroughCorrectionsSection } from './borough-admin/BoroughCorrectionsSection.js';
import { EmailDomainsSection } from './borough-admin/EmailDomainsSection.js';
import { SingleSignOnSection } from './borough-admin/SingleSignOnSection.js';
import { InvitationStatusCells } from '../ui/InvitationStatus.js';
import { useTitle } from '../ui/Layout.js';

export function BoroughPeoplePage() {
  const me = useMe();
  const people = useLoad(() => api.get<BoroughPeople>('/api/borough/people'), []);
  const action = useAction();
  const [email, setEmail] = useState('');
  const [worksForBorough, setWorksForBorough] = useState(false);
  const [created, setCreated] = useState<CreatedColleagueInvitation | null>(null);
  const boroughName = people.data?.borough.name ?? me.user.borough.name;
  useTitle(`People in ${boroughName}`);

  if (!me.isBoroughAdmin) {
    return (
      <>
        <PageHeading>People in {boroughName}</PageHeading>
        <p className="govuk-body">Only your borough’s Jointly administrators can see and manage its accounts.</p>
      </>
    );
  }
  if (people.loading) return <p className="govuk-body">Loading…</p>;
  if (!people.data) return <ErrorSummary errors={[{ message: people.error?.message ?? 'Could not load the accounts.' }]} />;
  const { people: colleagues, invitations, emailDomains, corrections } = people.data;

  const invite = async (event: FormEvent) => {
    event.preventDefault();
    const checked = inviteColleagueRequest.safeParse({ email, worksForBorough });
    if (!checked.success) {
      action.setErrors(checked.error.issues.map((i) => ({ field: 'email', message: i.message })));
      return;
    }
    await action.run(async () => {
      setCreated(await api.post<CreatedColleagueInvitation>('/api/borough/invitations', checked.data));
      setEmail('');
      setWorksForBorough(false);
      await people.reload();
    });
  };

  const change = (colleague: Colleague, update: UpdateColleagueRequest, question: string) => {
    if (!confirm(question)) return;
    void action.run(async () => {
      await api.patch(`/api/borough/people/${colleague.id}`, update);
      await people.reload();
    });
  };

  return (
    <>
      <PageHeading caption="Borough administration">People in {boroughName}</PageHeading>
      <p className="govuk-body">
        Everyone from {boroughName} with a Jointly account. Owners and borough leads add them to procurements; here you invite colleagues to
        the service, choose who else looks after these accounts, and remove access when someone leaves.
      </p>
      <ErrorSummary errors={action.errors} />

      <table className="govuk-table app-table--stacked">
        <caption className="govuk-table__caption govuk-table__caption--m">Accounts</caption>
        <TableHead columns={['Name', 'Procurements', 'Status', { hidden: 'Actions' }]} />
        <tbody className="govuk-table__body">
          {colleagues.map((c) => {
            const self = c.id === me.user.id;
            return (
              <tr className="govuk-table__row" key={c.id}>
                <td className="govuk-table__cell">
                  <strong>{c.name}</strong>
                  {self && ' (you)'}
                  <br />
                  <span className="govuk-body-s app-email">{c.email}</span>
                </td>
                <td data-label="Procurements" className="govuk-table__cell">
                  {c.procurements}
                </td>
                <td data-label="Status" className="govuk-table__cell">
                  {c.accessRemovedAt ? (
                    <Tag colour="grey">Access removed {formatDate(c.accessRemovedAt)}</Tag>
                  ) : c.isBoroughAdmin ? (
                    <Tag colour="purple">Admin</Tag>
                  ) : (
                    <Tag colour="green">Active</Tag>
                  )}
                </td>
                <td className="govuk-table__cell app-table-actions">
                  {!self && !c.accessRemovedAt && (
                    <button
                      type="button"
                      className="app-link-button govuk-!-margin-right-3"
                      onClick={() =>
                        change(
                          c,
                          { isBoroughAdmin: !c.isBoroughAdmin },
                          c.isBoroughAdmin
                            ? `Stop ${c.name} managing ${boroughName}'s accounts?`
                            : `Let ${c.name} manage ${boroughName}'s accounts too?`,
                        )
                      }
                    >
                      {c.isBoroughAdmin ? 'Remove admin role' : 'Make admin'}
                      <span className="govuk-visually-hidden"> ({c.name})</span>
                    </button>
                  )}
                  {!self && (
                    <button
                      type="button"
                      className="app-link-button"
                      onClick={() =>
                        c.accessRemovedAt
                          ? change(c, { hasAccess: true }, `Give ${c.name} access to Jointly again?`)
                          : change(
                              c,
                              { hasAccess: false },
                              `Remove ${c.name}'s access? They are signed out everywhere at once. What they wrote stays.`,
                            )
                      }
                    >
                      {c.accessRemovedAt ? 'Restore access' : 'Remove access'}
                      <span className="govuk-visually-hidden"> ({c.name})</span>
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <section aria-labelledby="invite-heading">
        <h2 className="govuk-heading-m" id="invite-heading">
          Invite a colleague from {boroughName}
        </h2>
        <p className="govuk-body">
          They get a link to create their account, valid for 7 days and usable once. It does not add them to any procurement.
        </p>
        {created && (
          <InsetText>
            <p className="govuk-body">Send this link to {created.email}. It is shown only now, so copy it before you leave this page.</p>
            <p className="govuk-body">
              <code className="govuk-!-font-size-16" style={{ wordBreak: 'break-all' }} data-testid="invitation-link">
                {created.link}
              </code>
            </p>
          </InsetText>
        )}
        <form onSubmit={invite} noValidate>
          <InviteeEmail
            id="colleague-email"
            borough={{ id: me.user.borough.id, name: boroughName }}
            email={email}
            onEmailChange={setEmail}
            worksForBorough={worksForBorough}
            onWorksForBoroughChange={setWorksForBorough}
            emailError={action.fieldError('email')}
            worksForBoroughError={action.fieldError('worksForBorough')}
          />
          <Button variant="secondary" disabled={action.busy}>
            Create invitation link
          </Button>
        </form>
        {invitations.length > 0 && (
          <table className="govuk-table app-table--stacked">
            <caption className="govuk-table__caption govuk-table__caption--s">Invitations into {boroughName}, from anyone</caption>
            <TableHead columns={['Email', 'For', 'Status', { hidden: 'Actions' }]} />
            <tbody className="govuk-table__body">
              {invitations.map((i) => (
                <tr className="govuk-table__row" key={i.id}>
                  <td className="govuk-table__cell">
                    <span className="app-email">{i.email}</span>
                    <br />
                    <span className="govuk-body-s">by {i.invitedBy.name}</span>
                  </td>
                  <td data-label="For" className="govuk-table__cell">
                    {i.procurement ? (
                      <>
                        {i.procurement.title}
                        {i.role && <span className="govuk-body-s"> ({memberRoleLabel[i.role].toLowerCase()})</span>}
                      </>
                    ) : (
                      'Jointly only'
                    )}
                  </td>
                  <InvitationStatusCells
                    invitation={i}
                    onWithdraw={() =>
                      void action.run(async () => {
                        await api.delete(`/api/borough/invitations/${i.id}`);
                        await people.reload();
                      })
                    }
                  />
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <EmailDomainsSection boroughName={boroughName} domains={emailDomains} onChanged={people.reload} />
      <SingleSignOnSection boroughName={boroughName} boroughDomains={emailDomains} />
      <BoroughCorrectionsSection
        borough={people.data.borough}
        colleagues={colleagues.filter((c) => c.id !== me.user.id && !c.accessRemovedAt)}
        corrections={corrections}
        onChanged={people.reload}
      />
    </>
  );
}
