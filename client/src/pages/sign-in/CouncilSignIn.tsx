/**
 * "Sign in with your council account": the person gives their council email address (its
 * domain finds their borough) or chooses their borough, and the browser goes to that
 * council's Microsoft sign-in page. Shown only when some borough has set it up. What
 * came back from the council (`?sso=` on the sign-in page) is shown by the page itself.
 */
import { useState, type FormEvent } from 'react';
import { startSsoRequest, type StartSso, type StartSsoRequest } from '../../../../shared/sso.js';
import { api, ApiError } from '../../api/client.js';
import { useLoad } from '../../api/use-load.js';
import { Button, Details, ErrorSummary, Select, TextInput } from '../../ui/govuk.js';

export interface SsoBorough {
  id: string;
  name: string;
}

/** The boroughs one can sign in with; empty when none has set it up. */
export function useSsoBoroughs(): SsoBorough[] {
  const loaded = useLoad(() => api.get<{ boroughs: SsoBorough[] }>('/api/sso/boroughs'), []);
  return loaded.data?.boroughs ?? [];
}

/** Asks the server where to go and goes there; a refusal comes back as an error for the summary. */
export async function goToCouncil(request: StartSsoRequest): Promise<void> {
  const { redirectUrl } = await api.post<StartSso>('/api/sso/start', request);
  window.location.assign(redirectUrl);
}

/** The sign-in page's section for council accounts, by email address or by borough. */
export function CouncilSignIn({ boroughs }: { boroughs: SsoBorough[] }) {
  const [email, setEmail] = useState('');
  const [boroughId, setBoroughId] = useState('');
  const [errors, setErrors] = useState<{ field?: string; message: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const fieldError = (field: string) => errors.find((e) => e.field === field)?.message;

  const start = async (request: unknown, field: string) => {
    const checked = startSsoRequest.safeParse(request);
    if (!checked.success) {
      setErrors([{ field, message: checked.error.issues[0]?.message ?? 'Check what you entered' }]);
      return;
    }
    setBusy(true);
    try {
      await goToCouncil(checked.data);
    } catch (error) {
      setErrors([{ field, message: error instanceof ApiError ? error.message : 'Something went wrong. Please try again.' }]);
      setBusy(false);
    }
  };

  const byEmail = (event: FormEvent) => {
    event.preventDefault();
    void start({ email }, 'ssoEmail');
  };
  const byBorough = (event: FormEvent) => {
    event.preventDefault();
    void start({ boroughId }, 'ssoBorough');
  };

  return (
    <section aria-labelledby="council-heading" className="govuk-!-margin-bottom-8">
      <h2 className="govuk-heading-m" id="council-heading">
        Sign in with your council account
      </h2>
      <p className="govuk-body">
        If your council has set this up, use the Microsoft account you use at work. Your council checks who you are.
      </p>
      <ErrorSummary errors={errors} />
      <form onSubmit={byEmail} noValidate>
        <TextInput
          id="ssoEmail"
          label="Your council email address"
          hint="For example, name@hackney.gov.uk"
          type="email"
          autoComplete="email"
          spellCheck={false}
          value={email}
          onChange={setEmail}
          error={fieldError('ssoEmail')}
        />
        <Button disabled={busy}>Continue to your council</Button>
      </form>
      <Details summary="Choose your borough instead">
        <form onSubmit={byBorough} noValidate>
          <Select
            id="ssoBorough"
            label="Your borough"
            value={boroughId}
            onChange={setBoroughId}
            error={fieldError('ssoBorough')}
            options={[{ value: '', label: 'Choose your borough' }, ...boroughs.map((b) => ({ value: b.id, label: b.name }))]}
          />
          <Button variant="secondary" disabled={busy}>
            Continue to your council
          </Button>
        </form>
      </Details>
    </section>
  );
}
