/**
 * "Link your council account", on the password page: someone with a Jointly password,
 * whose borough has set up single sign-on, confirms their password and signs in once at
 * their council; from then on they can sign in with their council account. An account is
 * never linked by its email address alone.
 */
import { useState, type FormEvent } from 'react';
import { startSsoLinkRequest, type SsoAccount, type StartSso } from '../../../../shared/sso.js';
import { api } from '../../api/client.js';
import { useAction } from '../../api/use-action.js';
import { formatDate } from '../../ui/format.js';
import { Button, ErrorSummary, TextInput } from '../../ui/govuk.js';

/** Nothing when the borough has no single sign-on and the account is not linked. */
export function CouncilAccountSection({ account }: { account: SsoAccount }) {
  const [password, setPassword] = useState('');
  const action = useAction();

  if (!account.available && !account.linkedAt) return null;

  const link = async (event: FormEvent) => {
    event.preventDefault();
    const checked = startSsoLinkRequest.safeParse({ currentPassword: password });
    if (!checked.success) {
      action.setErrors([{ field: 'linkPassword', message: checked.error.issues[0]?.message ?? 'Enter your password' }]);
      return;
    }
    await action.run(async () => {
      const { redirectUrl } = await api.post<StartSso>('/api/sso/link', checked.data);
      window.location.assign(redirectUrl);
    });
  };

  return (
    <section aria-labelledby="council-account-heading" className="govuk-!-margin-top-8">
      <h2 className="govuk-heading-m" id="council-account-heading">
        Link your council account
      </h2>
      {account.linkedAt ? (
        <p className="govuk-body">
          Your Jointly account is linked to your council account since {formatDate(account.linkedAt)}. Sign in with “Sign in with your
          council account”.
        </p>
      ) : (
        <>
          <p className="govuk-body">
            Your borough lets you sign in with your council Microsoft account. Confirm your Jointly password, then sign in at your council:
            your account will be linked to it.
          </p>
          <ErrorSummary errors={action.errors.map((e) => (e.field === 'currentPassword' ? { ...e, field: 'linkPassword' } : e))} />
          <form onSubmit={link} noValidate>
            <TextInput
              id="linkPassword"
              label="Your Jointly password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={setPassword}
              error={action.fieldError('linkPassword') ?? action.fieldError('currentPassword')}
            />
            <Button variant="secondary" disabled={action.busy}>
              Link your council account
            </Button>
          </form>
        </>
      )}
    </section>
  );
}
