import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { loginRequest } from '../../../shared/api.js';
import { isSsoOutcome, ssoOutcomes } from '../../../shared/sso.js';
import { api, ApiError } from '../api/client.js';
import { useSession } from '../api/session.js';
import { Button, ErrorSummary, NotificationBanner, PageHeading, TextInput } from '../ui/govuk.js';
import { useTitle } from '../ui/Layout.js';
import { CouncilSignIn, goToCouncil, useSsoBoroughs } from './sign-in/CouncilSignIn.js';

export function SignInPage() {
  useTitle('Sign in');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { refresh } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ field?: string; message: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const fieldError = (field: string) => errors.find((e) => e.field === field)?.message;
  const boroughs = useSsoBoroughs();
  // What came back from the council's sign-in, if that is where the browser has been.
  const outcome = params.get('sso');
  const councilProblem = isSsoOutcome(outcome) && outcome !== 'linked' ? ssoOutcomes[outcome] : null;
  const retryBorough = outcome === 'unavailable' ? params.get('borough') : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = loginRequest.safeParse({ email, password });
    if (!checked.success) {
      setErrors(checked.error.issues.map((i) => ({ field: String(i.path[0]), message: i.message })));
      return;
    }
    setBusy(true);
    try {
      await api.post('/api/auth/login', checked.data);
      await refresh();
      const next = params.get('next');
      void navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/procurements', { replace: true });
    } catch (error) {
      // The person's council signs everyone in itself: send them there.
      if (error instanceof ApiError && error.code === 'sso_required') {
        const sent = await goToCouncil({ email: checked.data.email }).then(
          () => true,
          () => false,
        );
        if (sent) return;
      }
      const message = error instanceof ApiError ? error.message : 'Something went wrong. Please try again.';
      setErrors([{ field: 'email', message }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {params.get('signedOut') && (
          <NotificationBanner title="Signed out">
            <p className="govuk-notification-banner__heading">You have signed out.</p>
          </NotificationBanner>
        )}
        {params.get('expired') && (
          <NotificationBanner title="Signed out">
            <p className="govuk-notification-banner__heading">You were signed out. Sign in again to carry on.</p>
            <p className="govuk-body">Anything you typed is kept on this device and will be sent when you are back.</p>
          </NotificationBanner>
        )}
        {councilProblem && errors.length === 0 && (
          <ErrorSummary title="You have not been signed in" errors={[{ message: councilProblem }]} />
        )}
        <ErrorSummary errors={errors} />
        <PageHeading>Sign in to Jointly</PageHeading>
        {retryBorough && (
          <Button
            type="button"
            onClick={() =>
              void goToCouncil({ boroughId: retryBorough }).catch((error: unknown) =>
                setErrors([{ message: error instanceof ApiError ? error.message : 'Something went wrong. Please try again.' }]),
              )
            }
          >
            Try your council’s sign-in again
          </Button>
        )}
        {boroughs.length > 0 && <CouncilSignIn boroughs={boroughs} />}
        {boroughs.length > 0 && (
          <h2 className="govuk-heading-m" id="password-heading">
            Sign in with a password
          </h2>
        )}
        <p className="govuk-body">Use the email address your borough gave you for Jointly.</p>
        <form onSubmit={submit} noValidate>
          <TextInput
            id="email"
            label="Email address"
            type="email"
            autoComplete="username"
            spellCheck={false}
            value={email}
            onChange={setEmail}
            error={fieldError('email')}
          />
          <TextInput
            id="password"
            label="Password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={setPassword}
            error={fieldError('password')}
          />
          <Button disabled={busy}>Sign in</Button>
        </form>
        <p className="govuk-body">If you do not have an account, ask your borough’s lead for this procurement to invite you.</p>
      </div>
    </div>
  );
}
