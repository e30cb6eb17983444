/**
 * The email field of an invitation form. It says which borough the person will join as,
 * and checks the address against the boroughs' email domains as it is typed (the same
 * rule the server enforces, shared/account-boroughs.ts): another borough's address is
 * flagged before anything is sent; an address outside the borough's domains asks the
 * inviter to confirm that the person works for their borough.
 */
import { checkInvitee, inviteeMessage } from '../../../shared/account-boroughs.js';
import type { KnownBorough } from '../../../shared/api.js';
import { api } from '../api/client.js';
import { useLoad } from '../api/use-load.js';
import { Checkbox } from './govuk-choices.js';
import { WarningText } from './govuk-content.js';
import { TextInput } from './govuk-inputs.js';

export function InviteeEmail({
  id,
  borough,
  email,
  onEmailChange,
  worksForBorough,
  onWorksForBoroughChange,
  emailError,
  worksForBoroughError,
}: {
  id: string;
  /** The borough the invitee joins as: the inviter's. */
  borough: { id: string; name: string };
  email: string;
  onEmailChange: (email: string) => void;
  worksForBorough: boolean;
  onWorksForBoroughChange: (confirmed: boolean) => void;
  emailError?: string;
  worksForBoroughError?: string;
}) {
  const known = useLoad(() => api.get<{ boroughs: KnownBorough[] }>('/api/boroughs'), []);
  const check = known.data && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email.trim()) ? checkInvitee(email, borough.id, known.data.boroughs) : null;
  const message = check ? inviteeMessage(check, borough.name) : null;
  const confirmId = `${id}-works-for-borough`;
  return (
    <>
      <TextInput
        id={id}
        label="Their email address"
        hint={`They will join as ${borough.name} staff, and what they write will be credited to ${borough.name}.`}
        type="email"
        value={email}
        onChange={(value) => {
          onEmailChange(value);
          // A confirmation is about one address, not the next one typed.
          if (worksForBorough) onWorksForBoroughChange(false);
        }}
        error={emailError}
      />
      {check?.kind === 'other-borough' && (
        <div aria-live="polite" data-testid="invitee-other-borough">
          <WarningText>{message}</WarningText>
        </div>
      )}
      {check?.kind === 'outside-domains' && (
        <div className={`govuk-form-group${worksForBoroughError ? ' govuk-form-group--error' : ''}`}>
          <fieldset className="govuk-fieldset" aria-describedby={`${confirmId}-about`}>
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Check their borough</legend>
            <p className="govuk-body" id={`${confirmId}-about`}>
              {message}
            </p>
            {worksForBoroughError && (
              <p className="govuk-error-message">
                <span className="govuk-visually-hidden">Error:</span> {worksForBoroughError}
              </p>
            )}
            <div className="govuk-checkboxes govuk-checkboxes--small">
              <Checkbox
                id={confirmId}
                label={`They work for ${borough.name}`}
                checked={worksForBorough}
                onChange={onWorksForBoroughChange}
              />
            </div>
          </fieldset>
        </div>
      )}
    </>
  );
}
