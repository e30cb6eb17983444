import { useEffect, useState, type FormEvent } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import { newAccountDetails, passwordRules, type InvitationPreview } from '../../../shared/api.js';
import { memberRoleLabel } from '../../../shared/roles.js';
import { api, ApiError } from '../api/client.js';
import { useSession } from '../api/session.js';
import { useLoad } from '../api/use-load.js';
import { formatDate } from '../ui/format.js';
import { Button, ErrorSummary, PageHeading, SummaryList, TextInput, summaryErrors } from '../ui/govuk.js';
import { useTitle } from '../ui/Layout.js';

/**
 * The page an invitation link opens: `/invitations#<token>`. The token is read from the
 * fragment (never sent in an address, so no proxy logs it) and posted to the API.
 * Links of the older form `/invitations/<token>` still work and are rewritten at once.
 */
export function AcceptInvitationPage() {
  useTitle('Accept your invitation');
  const { token: tokenInPath } = useParams();
  const { hash } = useLocation();
  const token = tokenInPath ?? decodeURIComponent(hash.replace(/^#/, ''));
  const navigate = useNavigate();
  useEffect(() => {
    if (tokenInPath) void navigate({ pathname: '/invitations', hash: tokenInPath }, { replace: true });
  }, [tokenInPath, navigate]);
  const { refresh } = useSession();
  const invitation = useLoad(() => api.post<InvitationPreview>('/api/invitations/preview', { token }), [token]);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ field?: string; message: string }[]>([]);
  const [busy, setBusy] = useState(false);

  if (invitation.loading) return <p className="govuk-body">Loading…</p>;
  if (!invitation.data) {
    return (
      <>
        <PageHeading>This invitation cannot be used</PageHeading>
        <p className="govuk-body">{invitation.error?.message}</p>
        <p className="govuk-body">Ask the person who invited you to send a new invitation.</p>
      </>
    );
  }
  const preview = invitation.data;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = newAccountDetails.safeParse({ name, password });
    if (!checked.success) {
      setErrors(checked.error.issues.map((i) => ({ field: String(i.path[0]), message: i.message })));
      return;
    }
    setBusy(true);
    try {
      await api.post('/api/invitations/accept', { ...checked.data, token });
      await refresh();
      void navigate(preview.procurement ? `/procurements/${preview.procurement.id}` : '/procurements', { replace: true });
    } catch (error) {
      setErrors(error instanceof ApiError ? summaryErrors(error.fields, error.message) : [{ message: String(error) }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        {preview.procurement ? (
          <>
            <PageHeading>Join “{preview.procurement.title}”</PageHeading>
            <p className="govuk-body">
              {preview.invitedBy} has invited you to work on this joint procurement for {preview.borough.name}.
            </p>
          </>
        ) : (
          <>
            <PageHeading>Join Jointly</PageHeading>
            <p className="govuk-body">
              {preview.invitedBy} has invited you to Jointly, where London boroughs run joint procurements together, for{' '}
              {preview.borough.name}. Once you have an account, the people running a procurement can add you to it.
            </p>
          </>
        )}
        <div className="govuk-inset-text" data-testid="joining-borough">
          <p className="govuk-body govuk-!-font-weight-bold">You will join as staff of {preview.borough.officialName}.</p>
          <p className="govuk-body">
            What you write will be credited to {preview.borough.name}. If you do not work for {preview.borough.name}, do not create this
            account: tell {preview.invitedBy}, who can ask your own borough to invite you.
          </p>
        </div>
        <SummaryList
          rows={[
            { key: 'Email address', value: preview.email },
            { key: 'Your borough', value: preview.borough.officialName },
            ...(preview.role ? [{ key: 'Your role', value: memberRoleLabel[preview.role] }] : []),
            { key: 'Invitation expires', value: formatDate(preview.expiresAt) },
          ]}
        />
        <form onSubmit={submit} noValidate>
          <TextInput
            id="name"
            label="Your full name"
            autoComplete="name"
            value={name}
            onChange={setName}
            error={errors.find((e) => e.field === 'name')?.message}
          />
          <TextInput
            id="password"
            label="Create a password"
            hint={`Use at least ${passwordRules.min} characters. A few words you will remember work well.`}
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={setPassword}
            error={errors.find((e) => e.field === 'password')?.message}
          />
          <Button disabled={busy}>{preview.procurement ? 'Create account and join' : 'Create account'}</Button>
        </form>
      </div>
    </div>
  );
}
