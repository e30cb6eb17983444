import { useState, type FormEvent } from 'react';
import type { Member, ProcurementDetail } from '../../../../shared/api.js';
import { memberRoleLabel, memberRoles, type MemberRole } from '../../../../shared/roles.js';
import { api } from '../../api/client.js';
import { useMe } from '../../api/session.js';
import { Button, Checkbox, ErrorSummary, Select, Tag, TextInput, TableHead } from '../../ui/govuk.js';
import { useAction } from '../../api/use-action.js';

export function MembersSection({ procurement, onChanged }: { procurement: ProcurementDetail; onChanged: () => Promise<void> }) {
  const me = useMe();
  const action = useAction();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<MemberRole>('editor');
  const [lead, setLead] = useState(false);
  const path = `/api/procurements/${procurement.id}/members`;
  const { can, boroughId } = procurement.me;
  const isOwner = can.manageAnyMember;
  const canManageOwnBorough = can.manageOwnBorough;
  const mayManage = (m: Member) => isOwner || (canManageOwnBorough && m.borough.id === boroughId && m.role !== 'owner');
  const roleChoices = memberRoles.filter((r) => can.makeOwner || r !== 'owner');
  const observing = new Set(procurement.boroughs.filter((b) => b.role === 'observer').map((b) => b.id));

  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (await action.run(() => api.post(path, { email, role, isBoroughLead: lead }))) {
      setEmail('');
      setLead(false);
      await onChanged();
    }
  };

  const change = (m: Member, body: { role?: MemberRole; isBoroughLead?: boolean }) =>
    action.run(async () => {
      await api.patch(`${path}/${m.userId}`, body);
      await onChanged();
    });

  return (
    <section aria-labelledby="members-heading">
      <h2 className="govuk-heading-m" id="members-heading">
        Members
      </h2>
      <ErrorSummary errors={action.errors} />
      <details className="govuk-details">
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">Who can do what</span>
        </summary>
        <div className="govuk-details__text">
          <ul className="govuk-list govuk-list--bullet">
            <li>Everyone taking part reads everything, downloads the documents and comments.</li>
            <li>Editors and owners of the lead and partner boroughs change the specification, the notes and the decisions.</li>
            <li>Owners also change the procurement’s details, the boroughs taking part and anyone’s membership.</li>
            <li>
              Each lead or partner borough has one borough lead, who speaks for it: records its positions on decisions, signs off versions,
              and looks after its people here. A borough lead must be an editor or owner; observer boroughs have none.
            </li>
          </ul>
        </div>
      </details>
      <table className="govuk-table app-table--stacked">
        <caption className="govuk-visually-hidden">People taking part, their borough and role</caption>
        <TableHead columns={['Name', 'Borough', 'Role', { hidden: 'Actions' }]} />
        <tbody className="govuk-table__body">
          {procurement.members.map((m) => (
            <tr className="govuk-table__row" key={m.userId}>
              <td className="govuk-table__cell">
                <strong>{m.name}</strong>
                {m.userId === me.user.id && ' (you)'}
                <br />
                <span className="govuk-body-s app-email">{m.email}</span>
              </td>
              <td data-label="Borough" className="govuk-table__cell">
                {m.borough.name}
                {m.isBoroughLead && (
                  <>
                    {' '}
                    <Tag colour="purple">Borough lead</Tag>
                  </>
                )}
              </td>
              <td data-label="Role" className="govuk-table__cell">
                {mayManage(m) && !observing.has(m.borough.id) ? (
                  <Select
                    id={`role-${m.userId}`}
                    label={<span className="govuk-visually-hidden">Role of {m.name}</span>}
                    value={m.role}
                    onChange={(value) => void change(m, { role: value as MemberRole })}
                    options={roleChoices
                      .concat(m.role === 'owner' && !isOwner ? ['owner'] : [])
                      .map((r) => ({ value: r, label: memberRoleLabel[r] }))}
                  />
                ) : (
                  memberRoleLabel[m.role]
                )}
              </td>
              <td className="govuk-table__cell app-table-actions">
                {mayManage(m) && !m.isBoroughLead && m.role !== 'viewer' && !observing.has(m.borough.id) && (
                  <button
                    type="button"
                    className="app-link-button govuk-!-margin-right-3"
                    onClick={() => void change(m, { isBoroughLead: true })}
                  >
                    Make borough lead<span className="govuk-visually-hidden"> ({m.name})</span>
                  </button>
                )}
                {(mayManage(m) || m.userId === me.user.id) && (
                  <button
                    type="button"
                    className="app-link-button"
                    onClick={() => {
                      const self = m.userId === me.user.id;
                      if (
                        !confirm(
                          self ? 'Leave this procurement? You will lose access at once.' : `Remove ${m.name}? They lose access at once.`,
                        )
                      )
                        return;
                      void action.run(async () => {
                        await api.delete(`${path}/${m.userId}`);
                        if (self) window.location.assign('/procurements');
                        else await onChanged();
                      });
                    }}
                  >
                    {m.userId === me.user.id ? 'Leave' : 'Remove'}
                    <span className="govuk-visually-hidden"> {m.name}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {canManageOwnBorough && (
        <form onSubmit={add} noValidate>
          <h3 className="govuk-heading-s">Add someone who already has an account</h3>
          <TextInput
            id="email"
            label="Email address"
            hint={
              isOwner
                ? 'They must work for one of the participating boroughs.'
                : `They must work for ${procurement.boroughs.find((b) => b.id === boroughId)?.name}.`
            }
            type="email"
            value={email}
            onChange={setEmail}
            error={action.fieldError('email')}
          />
          <Select
            id="add-role"
            label="Role"
            value={role}
            onChange={(v) => setRole(v as MemberRole)}
            options={roleChoices.map((r) => ({ value: r, label: memberRoleLabel[r] }))}
            error={action.fieldError('role')}
          />
          <div className="govuk-form-group">
            <div className="govuk-checkboxes govuk-checkboxes--small">
              <Checkbox
                id="add-lead"
                label="Make them their borough’s lead"
                hint="The borough lead records their borough’s positions and sign-offs, so they must be an editor or owner. This replaces the current one."
                checked={lead}
                onChange={setLead}
              />
            </div>
          </div>
          <Button variant="secondary" disabled={action.busy}>
            Add member
          </Button>
        </form>
      )}
    </section>
  );
}
