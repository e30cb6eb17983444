/**
 * The last two cells of an invitation's row, wherever invitations are listed: whether it
 * was accepted, has expired or is still open, and the way to withdraw an open one.
 */
import { formatDate } from './format.js';
import { Tag } from './govuk.js';

export function InvitationStatusCells({
  invitation,
  onWithdraw,
}: {
  invitation: { email: string; expiresAt: string; acceptedAt: string | null; expired: boolean };
  onWithdraw: () => void;
}) {
  const { email, expiresAt, acceptedAt, expired } = invitation;
  return (
    <>
      <td data-label="Status" className="govuk-table__cell">
        {acceptedAt ? (
          <Tag colour="green">Accepted</Tag>
        ) : expired ? (
          <Tag colour="grey">Expired</Tag>
        ) : (
          <Tag colour="blue">Until {formatDate(expiresAt)}</Tag>
        )}
      </td>
      <td className="govuk-table__cell">
        {!acceptedAt && !expired && (
          <button type="button" className="app-link-button" onClick={onWithdraw}>
            Withdraw<span className="govuk-visually-hidden"> invitation for {email}</span>
          </button>
        )}
      </td>
    </>
  );
}
