/**
 * A decision's status as it stands now, and what changed it: the boroughs' positions
 * (agreement and its lapse follow the rule, with no person as their author) or a
 * borough lead, who alone may mark it superseded, saying by what, or reopen it.
 */
import { useState, type FormEvent } from 'react';
import type { ProcurementDetail } from '../../../../shared/api.js';
import type { DecisionRecord, DecisionStatusValue } from '../../../../shared/decisions.js';
import { decisionStatusLabel } from '../../../../shared/doc-layout.js';
import { api } from '../../api/client.js';
import { useAction } from '../../api/use-action.js';
import { formatDateTime } from '../../ui/format.js';
import { Button, ErrorSummary, Tag, Textarea, type TagColour } from '../../ui/govuk.js';

export const statusColour: Record<DecisionStatusValue, TagColour> = {
  open: 'grey',
  proposed: 'blue',
  agreed: 'green',
  superseded: 'orange',
};

export function DecisionStatus({
  procurement,
  decisionId,
  record,
  onChanged,
}: {
  procurement: ProcurementDetail;
  decisionId: string;
  record: DecisionRecord | undefined;
  onChanged: () => Promise<void>;
}) {
  const status = record?.status ?? 'open';
  const [superseding, setSuperseding] = useState(false);
  const [note, setNote] = useState('');
  const action = useAction();
  const path = `/api/procurements/${procurement.id}/decisions/${decisionId}/status`;

  const supersede = async (event: FormEvent) => {
    event.preventDefault();
    if (!note.trim()) {
      action.setErrors([{ field: `${decisionId}-superseded-by`, message: 'Say what supersedes it' }]);
      return;
    }
    if (await action.run(() => api.put(path, { change: 'supersede', note }))) {
      setSuperseding(false);
      setNote('');
      await onChanged();
    }
  };
  const reopen = async () => {
    if (await action.run(() => api.put(path, { change: 'reopen' }))) await onChanged();
  };

  return (
    <section aria-labelledby={`${decisionId}-status`}>
      <h4 className="govuk-heading-s" id={`${decisionId}-status`}>
        Status
      </h4>
      <p className="govuk-body govuk-!-margin-bottom-1" data-testid="decision-status">
        <Tag colour={statusColour[status]}>{decisionStatusLabel[status]}</Tag>{' '}
        {record?.statusChangedAt && (
          <span className="app-field-note">
            {record.statusChangedBy ? `by ${record.statusChangedBy.name}` : 'following the boroughs’ positions'},{' '}
            {formatDateTime(record.statusChangedAt)}
          </span>
        )}
      </p>
      {record?.statusNote && <p className="govuk-body">{record.statusNote}</p>}
      <p className="govuk-hint">
        A decision is agreed when every borough taking part supports the proposed option, and the agreement lapses when one stops supporting
        it or the option changes.
      </p>
      {procurement.me.can.setDecisionStatus && (
        <>
          <ErrorSummary errors={action.errors} />
          {status === 'superseded' ? (
            <Button type="button" variant="secondary" disabled={action.busy} onClick={() => void reopen()}>
              Reopen this decision
            </Button>
          ) : superseding ? (
            <form onSubmit={(event) => void supersede(event)} noValidate>
              <Textarea
                id={`${decisionId}-superseded-by`}
                label="What supersedes it"
                hint="For example, a later decision or the boards’ resolution. Everyone sees it on the record."
                rows={2}
                value={note}
                onChange={setNote}
                error={action.fieldError(`${decisionId}-superseded-by`) ?? action.fieldError('note')}
              />
              <div className="govuk-button-group">
                <Button variant="warning" disabled={action.busy}>
                  Mark as superseded
                </Button>
                <button type="button" className="app-link-button" onClick={() => setSuperseding(false)}>
                  Cancel
                </button>
              </div>
            </form>
          ) : (
            <button type="button" className="app-link-button" onClick={() => setSuperseding(true)}>
              Mark as superseded…
            </button>
          )}
        </>
      )}
    </section>
  );
}
