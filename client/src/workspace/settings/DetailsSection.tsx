import { useState, type FormEvent } from 'react';
import { phaseLabel, phases, type Phase, type ProcurementDetail } from '../../../../shared/api.js';
import { api } from '../../api/client.js';
import { formatDate } from '../../ui/format.js';
import { Button, ErrorSummary, Select, SummaryList, Textarea, TextInput } from '../../ui/govuk.js';
import { useAction } from '../../api/use-action.js';

export function DetailsSection({ procurement, onChanged }: { procurement: ProcurementDetail; onChanged: () => Promise<void> }) {
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(procurement.title);
  const [reference, setReference] = useState(procurement.reference);
  const [summary, setSummary] = useState(procurement.summary);
  const [phase, setPhase] = useState<Phase>(procurement.phase);
  const action = useAction();

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await action.run(() => api.patch(`/api/procurements/${procurement.id}`, { title, reference, summary, phase }));
    if (ok) {
      await onChanged();
      setEditing(false);
    }
  };

  return (
    <section aria-labelledby="details-heading">
      <h2 className="govuk-heading-m" id="details-heading">
        Details
      </h2>
      {!editing && (
        <>
          <SummaryList
            rows={[
              { key: 'Title', value: procurement.title },
              { key: 'Reference', value: procurement.reference || 'None' },
              { key: 'Summary', value: procurement.summary || 'None' },
              { key: 'Phase', value: phaseLabel[procurement.phase] },
              {
                key: 'Created',
                value: `${formatDate(procurement.createdAt)}${procurement.createdBy ? ` by ${procurement.createdBy.name}` : ''}`,
              },
            ]}
          />
          {procurement.me.can.manageDetails && (
            <Button type="button" variant="secondary" onClick={() => setEditing(true)}>
              Change details
            </Button>
          )}
        </>
      )}
      {editing && (
        <form onSubmit={save} noValidate>
          <ErrorSummary errors={action.errors} />
          <TextInput id="title" label="Title" value={title} onChange={setTitle} error={action.fieldError('title')} />
          <TextInput
            id="reference"
            label="Reference"
            width={20}
            value={reference}
            onChange={setReference}
            error={action.fieldError('reference')}
          />
          <Textarea id="summary" label="Summary" value={summary} onChange={setSummary} error={action.fieldError('summary')} />
          <Select
            id="phase"
            label="Phase"
            value={phase}
            onChange={(v) => setPhase(v as Phase)}
            options={phases.map((p) => ({ value: p, label: phaseLabel[p] }))}
          />
          <div className="govuk-button-group">
            <Button disabled={action.busy}>Save details</Button>
            <Button type="button" variant="secondary" onClick={() => setEditing(false)}>
              Cancel
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}
