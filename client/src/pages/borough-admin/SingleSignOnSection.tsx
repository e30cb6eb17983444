/**
 * The borough's single sign-on with its Microsoft Entra ID tenant, as its admin sets it:
 * the tenant and application from the council's registration, the client secret (written
 * here, stored sealed, never shown again), which addresses sign in with it, and the two
 * policies: accounts on first sign-in, and whether passwords are still accepted.
 */
import { useState, type FormEvent } from 'react';
import { emailDomain } from '../../../../shared/account-boroughs.js';
import type { BoroughSso, SetBoroughSsoRequest } from '../../../../shared/sso.js';
import { api } from '../../api/client.js';
import { useAction } from '../../api/use-action.js';
import { useLoad } from '../../api/use-load.js';
import { formatDate } from '../../ui/format.js';
import { Button, ErrorSummary, InsetText, Radios, Select, Textarea, TextInput, WarningText } from '../../ui/govuk.js';

const yesNo = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
] as const;

function parseDomains(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((d) => d.trim())
    .filter(Boolean);
}

/** The section of People in (borough), loading the connection itself. */
export function SingleSignOnSection({ boroughName, boroughDomains }: { boroughName: string; boroughDomains: string[] }) {
  const loaded = useLoad(() => api.get<BoroughSso>('/api/borough/sso'), []);
  if (!loaded.data) {
    return (
      <section aria-labelledby="sso-heading">
        <h2 className="govuk-heading-m" id="sso-heading">
          Single sign-on
        </h2>
        <p className="govuk-body">{loaded.error ? loaded.error.message : 'Loading…'}</p>
      </section>
    );
  }
  return <SingleSignOnForm boroughName={boroughName} boroughDomains={boroughDomains} sso={loaded.data} onSaved={loaded.reload} />;
}

function SingleSignOnForm({
  boroughName,
  boroughDomains,
  sso,
  onSaved,
}: {
  boroughName: string;
  boroughDomains: string[];
  sso: BoroughSso;
  onSaved: () => Promise<void>;
}) {
  const connection = sso.connection;
  const [authority, setAuthority] = useState(connection?.authority ?? sso.authorities[0] ?? '');
  const [tenantId, setTenantId] = useState(connection?.tenantId ?? '');
  const [clientId, setClientId] = useState(connection?.clientId ?? '');
  const [clientSecret, setClientSecret] = useState('');
  const [domainsFrom, setDomainsFrom] = useState(connection && !connection.usesBoroughDomains ? 'own' : 'borough');
  const [ownDomains, setOwnDomains] = useState(connection && !connection.usesBoroughDomains ? connection.domains.join('\n') : '');
  const [newAccounts, setNewAccounts] = useState(connection?.allowsNewAccounts ? 'yes' : 'no');
  const [required, setRequired] = useState(connection?.requiresSso ? 'yes' : 'no');
  const [saved, setSaved] = useState('');
  const action = useAction();

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaved('');
    const domains = domainsFrom === 'own' ? parseDomains(ownDomains) : [];
    const badDomain = domains.find((d) => !emailDomain.safeParse(d).success);
    if (badDomain) {
      action.setErrors([{ field: 'ssoDomains', message: `Enter ${badDomain} as a domain, like ${boroughName.toLowerCase()}.gov.uk` }]);
      return;
    }
    const request: SetBoroughSsoRequest = {
      authority,
      tenantId,
      clientId,
      clientSecret: clientSecret.trim() || undefined,
      usesBoroughDomains: domainsFrom === 'borough',
      domains,
      allowsNewAccounts: newAccounts === 'yes',
      requiresSso: required === 'yes',
    };
    const ok = await action.run(async () => {
      await api.put<BoroughSso>('/api/borough/sso', request);
      setClientSecret('');
      await onSaved();
    });
    if (ok) setSaved(connection ? 'Single sign-on changes saved.' : `${boroughName} is connected to its tenant.`);
  };

  const disconnect = () => {
    const question = connection?.requiresSso
      ? `Disconnect single sign-on? ${boroughName}'s people have no passwords: nobody can sign in until the service's administrator resets their passwords.`
      : `Disconnect single sign-on? ${boroughName}'s people sign in with their Jointly passwords again.`;
    if (!confirm(question)) return;
    void action.run(async () => {
      await api.delete('/api/borough/sso');
      await onSaved();
      setSaved('Single sign-on disconnected.');
    });
  };

  return (
    <section aria-labelledby="sso-heading">
      <h2 className="govuk-heading-m" id="sso-heading">
        Single sign-on
      </h2>
      <p className="govuk-body">
        {boroughName}’s staff can sign in with their council Microsoft account (Entra ID). Your council’s IT team registers Jointly as an
        application in your tenant and gives you its details. Register this redirect address, for the platform “Web”:
      </p>
      <InsetText>
        <code className="govuk-!-font-size-16" style={{ wordBreak: 'break-all' }} data-testid="sso-redirect-uri">
          {sso.redirectUri}
        </code>
      </InsetText>
      {connection && (
        <p className="govuk-body">
          Connected to tenant <span className="app-email">{connection.tenantId}</span> for {connection.domains.join(', ')}. Last changed{' '}
          {formatDate(connection.updatedAt)}.
        </p>
      )}
      <ErrorSummary errors={action.errors} />
      <form onSubmit={save} noValidate>
        {sso.authorities.length > 1 && (
          <Select
            id="authority"
            label="Microsoft cloud"
            value={authority}
            onChange={setAuthority}
            options={sso.authorities.map((a) => ({ value: a, label: a }))}
            error={action.fieldError('authority')}
          />
        )}
        <TextInput
          id="tenantId"
          label="Directory (tenant) ID"
          hint="From the application’s overview in Entra, like 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
          value={tenantId}
          onChange={setTenantId}
          spellCheck={false}
          error={action.fieldError('tenantId')}
        />
        <TextInput
          id="clientId"
          label="Application (client) ID"
          value={clientId}
          onChange={setClientId}
          spellCheck={false}
          error={action.fieldError('clientId')}
        />
        <TextInput
          id="clientSecret"
          label="Client secret"
          hint={
            connection
              ? 'A secret is stored. It is never shown again. To replace it, enter the new one; leave this empty to keep it.'
              : 'The secret’s value from “Certificates & secrets”. It is stored sealed and never shown again.'
          }
          type="password"
          autoComplete="off"
          value={clientSecret}
          onChange={setClientSecret}
          error={action.fieldError('clientSecret')}
        />
        <Radios
          name="domainsFrom"
          legend="Which email addresses sign in with it"
          value={domainsFrom}
          onChange={setDomainsFrom}
          options={[
            {
              value: 'borough',
              label: `${boroughName}’s email domains`,
              hint: boroughDomains.length > 0 ? boroughDomains.join(', ') : 'None listed yet: list them below first',
            },
            { value: 'own', label: 'Other domains' },
          ]}
          error={action.fieldError('domains')}
        />
        {domainsFrom === 'own' && (
          <Textarea
            id="ssoDomains"
            label="Domains that sign in with your tenant"
            hint="One per line, like hackney.gov.uk"
            value={ownDomains}
            onChange={setOwnDomains}
            rows={3}
            error={action.fieldError('ssoDomains')}
          />
        )}
        <Radios
          name="allowsNewAccounts"
          legend="Give someone an account the first time they sign in?"
          hint={`They get an account in ${boroughName} with no procurement, and appear above. If not, they are told to ask you.`}
          value={newAccounts}
          onChange={setNewAccounts}
          options={yesNo}
          inline
        />
        <Radios
          name="requiresSso"
          legend="Require single sign-on?"
          hint="If yes, nobody from your borough can sign in with a password, and their Jointly passwords are removed. Everyone must have linked their council account first."
          value={required}
          onChange={setRequired}
          options={yesNo}
          inline
          error={action.fieldError('requiresSso')}
        />
        {required === 'yes' && !connection?.requiresSso && (
          <WarningText>
            People who leave the council are locked out at their next sign-in; remove their access here to sign them out at once.
          </WarningText>
        )}
        <Button variant="secondary" disabled={action.busy}>
          {connection ? 'Save single sign-on' : 'Connect single sign-on'}
        </Button>
        {connection && (
          <Button type="button" variant="warning" className="govuk-!-margin-left-3" disabled={action.busy} onClick={disconnect}>
            Disconnect
          </Button>
        )}
        <p className="govuk-body" role="status">
          {saved}
        </p>
      </form>
    </section>
  );
}
