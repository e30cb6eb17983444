import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { createProcurementRequest, phaseLabel, phases, type ProcurementDetail } from '../../../shared/api.js';
import { api, ApiError } from '../api/client.js';
import { useMe } from '../api/session.js';
import { BackLink, Button, ErrorSummary, PageHeading, Select, Textarea, TextInput, summaryErrors } from '../ui/govuk.js';
import { useTitle } from '../ui/Layout.js';

export function NewProcurementPage() {
  useTitle('Create a procurement');
  const me = useMe();
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const [reference, setReference] = useState('');
  const [summary, setSummary] = useState('');
  const [phase, setPhase] = useState<string>('planning');
  const [errors, setErrors] = useState<{ field?: string; message: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const fieldError = (field: string) => errors.find((e) => e.field === field)?.message;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = createProcurementRequest.safeParse({ title, reference, summary, phase });
    if (!checked.success) {
      setErrors(checked.error.issues.map((i) => ({ field: String(i.path[0]), message: i.message })));
      return;
    }
    setBusy(true);
    try {
      const created = await api.post<ProcurementDetail>('/api/procurements', checked.data);
      void navigate(`/procurements/${created.id}/settings?created=1`);
    } catch (error) {
      setErrors(error instanceof ApiError ? summaryErrors(error.fields, error.message) : [{ message: String(error) }]);
      setBusy(false);
    }
  };

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to="/procurements">Your procurements</BackLink>
        <ErrorSummary errors={errors} />
        <PageHeading>Create a procurement</PageHeading>
        <p className="govuk-body">
          {me.user.borough.name} will lead it and you will be its owner. You can add partner and observer boroughs next.
        </p>
        <form onSubmit={submit} noValidate>
          <TextInput
            id="title"
            label="Title"
            hint="What the boroughs are buying, for example ‘Housing repairs case management system’"
            value={title}
            onChange={setTitle}
            error={fieldError('title')}
          />
          <TextInput
            id="reference"
            label="Reference (optional)"
            width={20}
            value={reference}
            onChange={setReference}
            error={fieldError('reference')}
          />
          <Textarea id="summary" label="Summary (optional)" value={summary} onChange={setSummary} error={fieldError('summary')} />
          <Select
            id="phase"
            label="Phase"
            value={phase}
            onChange={setPhase}
            options={phases.map((p) => ({ value: p, label: phaseLabel[p] }))}
          />
          <Button disabled={busy}>Create procurement</Button>
        </form>
      </div>
    </div>
  );
}
