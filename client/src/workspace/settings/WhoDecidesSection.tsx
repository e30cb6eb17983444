/**
 * Who decides on suggested changes to the specification: every editor, or (for the
 * lead-authority form of joint procurement) the lead borough alone, with partner boroughs
 * suggesting. Everyone sees the setting and what it means; the lead borough's owners
 * change it.
 */
import { useState, type FormEvent } from 'react';
import type { ProcurementDetail } from '../../../../shared/api.js';
import { api } from '../../api/client.js';
import { useAction } from '../../api/use-action.js';
import { Button, ErrorSummary, Radios, SummaryList } from '../../ui/govuk.js';

const choices = {
  everyone: 'Editors of every borough taking part change the specification, and accept or reject suggestions',
  lead: 'Partner boroughs suggest changes; the lead borough accepts or rejects them',
} as const;
type Choice = keyof typeof choices;

export function WhoDecidesSection({ procurement, onChanged }: { procurement: ProcurementDetail; onChanged: () => Promise<void> }) {
  const current: Choice = procurement.leadDecides ? 'lead' : 'everyone';
  const [editing, setEditing] = useState(false);
  const [choice, setChoice] = useState<Choice>(current);
  const action = useAction();
  const lead = procurement.boroughs.find((b) => b.role === 'lead')?.name ?? 'The lead borough';

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await action.run(() => api.put(`/api/procurements/${procurement.id}/who-decides`, { leadDecides: choice === 'lead' }));
    if (ok) {
      await onChanged();
      setEditing(false);
    }
  };

  return (
    <section aria-labelledby="who-decides-heading">
      <h2 className="govuk-heading-m" id="who-decides-heading">
        Who decides on the specification
      </h2>
      {!editing && (
        <>
          <SummaryList rows={[{ key: 'Changes to the specification', value: choices[current] }]} />
          <p className="govuk-body" data-testid="who-decides-effect">
            {procurement.leadDecides
              ? `What editors of partner boroughs type in the specification is a suggestion, marked with their name. Only editors and owners of ${lead} can accept or reject it.`
              : 'Editors choose between making changes straight away and suggesting them. Any editor can accept or reject a suggestion.'}
          </p>
          {procurement.me.can.chooseWhoDecides && (
            <Button type="button" variant="secondary" onClick={() => setEditing(true)}>
              Change who decides
            </Button>
          )}
        </>
      )}
      {editing && (
        <form onSubmit={save} noValidate>
          <ErrorSummary errors={action.errors} />
          <Radios
            name="who-decides"
            legend="Changes to the specification"
            hint="Choose the lead borough deciding when it runs the procurement for the others."
            value={choice}
            onChange={(value) => setChoice(value as Choice)}
            options={(Object.keys(choices) as Choice[]).map((value) => ({ value, label: choices[value] }))}
          />
          <div className="govuk-button-group">
            <Button disabled={action.busy}>Save</Button>
            <Button type="button" variant="secondary" onClick={() => setEditing(false)}>
              Cancel
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}
