/**
 * The borough's email domains, as its admin keeps them: invitations to an address at
 * another borough's domain are refused, and an address at none of these asks the inviter
 * to confirm the person works for this borough.
 */
import { useState, type FormEvent } from 'react';
import { setEmailDomainsRequest } from '../../../../shared/account-boroughs.js';
import { api } from '../../api/client.js';
import { useAction } from '../../api/use-action.js';
import { Button, ErrorSummary, Textarea } from '../../ui/govuk.js';

/** "camden.gov.uk, camden.demo" or one per line → the list. */
function parseDomains(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((d) => d.trim())
    .filter(Boolean);
}

export function EmailDomainsSection({
  boroughName,
  domains,
  onChanged,
}: {
  boroughName: string;
  domains: string[];
  onChanged: () => Promise<void>;
}) {
  const [text, setText] = useState(domains.join('\n'));
  const [saved, setSaved] = useState(false);
  const action = useAction();

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const checked = setEmailDomainsRequest.safeParse({ domains: parseDomains(text) });
    if (!checked.success) {
      action.setErrors(checked.error.issues.map((i) => ({ field: 'email-domains', message: i.message })));
      return;
    }
    const ok = await action.run(async () => {
      const result = await api.put<{ emailDomains: string[] }>('/api/borough/email-domains', checked.data);
      setText(result.emailDomains.join('\n'));
      await onChanged();
    });
    setSaved(ok);
  };

  return (
    <section aria-labelledby="domains-heading">
      <h2 className="govuk-heading-m" id="domains-heading">
        {boroughName}’s email domains
      </h2>
      <p className="govuk-body">
        Nobody can invite someone with an address at one of these domains into another borough. Anyone inviting an address at none of them
        into {boroughName} must confirm that the person works for {boroughName}.
      </p>
      <ErrorSummary errors={action.errors} />
      <form onSubmit={save} noValidate>
        <Textarea
          id="email-domains"
          label="Domains"
          hint="One per line, like camden.gov.uk. Leave out a domain shared with another borough."
          value={text}
          onChange={(value) => {
            setText(value);
            setSaved(false);
          }}
          rows={3}
          error={action.fieldError('email-domains') ?? action.fieldError('domains')}
        />
        <Button variant="secondary" disabled={action.busy}>
          Save domains
        </Button>
        <p className="govuk-body" role="status">
          {saved ? 'Domains saved.' : ''}
        </p>
      </form>
    </section>
  );
}
