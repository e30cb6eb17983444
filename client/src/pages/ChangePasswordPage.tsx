import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { changePasswordRequest, passwordRules } from '../../../shared/api.js';
import { isSsoOutcome, ssoOutcomes, type SsoAccount } from '../../../shared/sso.js';
import { api, ApiError } from '../api/client.js';
import { useLoad } from '../api/use-load.js';
import { CouncilAccountSection } from './account/CouncilAccountSection.js';
import { Button, ErrorSummary, NotificationBanner, PageHeading, TextInput, summaryErrors } from '../ui/govuk.js';
import { useTitle } from '../ui/Layout.js';

export function ChangePasswordPage() {
  useTitle('Change your password');
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [errors, setErrors] = useState<{ field?: string; message: string }[]>([]);
  const [done, setDone] = useState<number | null>(null);
  const fieldError = (field: string) => errors.find((e) => e.field === field)?.message;
  const [params] = useSearchParams();
  const account = useLoad(() => api.get<SsoAccount>('/api/sso/account'), []);
  // What came back from linking at the council, if that is where the browser has been.
  const outcome = params.get('sso');
  const linkOutcome = isSsoOutcome(outcome) ? outcome : null;
  const hasPassword = account.data?.hasPassword ?? true;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = changePasswordRequest.safeParse({ currentPassword, newPassword });
    if (!checked.success) {
      setErrors(checked.error.issues.map((i) => ({ field: String(i.path[0]), message: i.message })));
      return;
    }
    try {
      const result = await api.post<{ otherSessionsEnded: number }>('/api/auth/password', checked.data);
      setErrors([]);
      setDone(result.otherSessionsEnded);
      setCurrent('');
      setNew('');
    } catch (error) {
      setErrors(error instanceof ApiError ? summaryErrors(error.fields, error.message) : [{ message: String(error) }]);
    }
  };

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {done !== null && (
          <NotificationBanner success title="Success">
            <p className="govuk-notification-banner__heading">Your password has been changed.</p>
            <p className="govuk-body">
              {done === 0 ? 'You were not signed in anywhere else.' : `You have been signed out everywhere else (${done}).`}
            </p>
          </NotificationBanner>
        )}
        {linkOutcome === 'linked' && (
          <NotificationBanner success title="Success">
            <p className="govuk-notification-banner__heading">{ssoOutcomes.linked}</p>
          </NotificationBanner>
        )}
        {linkOutcome && linkOutcome !== 'linked' && errors.length === 0 && (
          <ErrorSummary title="Your council account was not linked" errors={[{ message: ssoOutcomes[linkOutcome] }]} />
        )}
        <ErrorSummary errors={errors} />
        <PageHeading>Change your password</PageHeading>
        {!hasPassword && <p className="govuk-body">You sign in with your council account, so Jointly keeps no password for you.</p>}
        {hasPassword && (
          <form onSubmit={submit} noValidate>
            <TextInput
              id="currentPassword"
              label="Current password"
              type="password"
              autoComplete="current-password"
              value={currentPassword}
              onChange={setCurrent}
              error={fieldError('currentPassword')}
            />
            <TextInput
              id="newPassword"
              label="New password"
              hint={`Use at least ${passwordRules.min} characters. Changing it signs you out everywhere else.`}
              type="password"
              autoComplete="new-password"
              value={newPassword}
              onChange={setNew}
              error={fieldError('newPassword')}
            />
            <Button>Change password</Button>
          </form>
        )}
        {account.data && hasPassword && <CouncilAccountSection account={account.data} />}
      </div>
    </div>
  );
}
