/** One design decision: its question, options with pros and cons, the chosen one, the rationale, status and positions. */
import { useState } from 'react';
import type * as Y from 'yjs';
import { positionLabel, type DecisionRecord, type ProcurementDetail } from '../../../../shared/api.js';
import { decisionStatuses, decisionStatusLabel, newOption, type DecisionStatus } from '../../../../shared/doc-layout.js';
import { api } from '../../api/client.js';
import { formatDateTime } from '../../ui/format.js';
import { Button, ErrorSummary, Select, Tag, type TagColour } from '../../ui/govuk.js';
import { RichTextField } from '../fields/RichTextField.js';
import { YTextField } from '../fields/YTextField.js';
import { useYDeep } from '../use-y.js';
import { useAction } from '../../api/use-action.js';
import { Positions } from './Positions.js';

const statusColour: Record<DecisionStatus, TagColour> = { open: 'grey', proposed: 'blue', agreed: 'green', superseded: 'orange' };

export function DecisionCard({
  decision,
  number,
  procurement,
  canEdit,
  record,
  onRecorded,
  historical = false,
}: {
  decision: Y.Map<unknown>;
  number: number;
  procurement: ProcurementDetail;
  canEdit: boolean;
  record: DecisionRecord | undefined;
  onRecorded: () => Promise<void>;
  historical?: boolean;
}) {
  const id = decision.get('id') as string;
  const view = useYDeep(decision, () => ({
    title: (decision.get('title') as Y.Text).toString(),
    chosen: (decision.get('chosenOptionId') as string | null) ?? null,
    options: (decision.get('options') as Y.Array<Y.Map<unknown>>).toArray(),
  }));
  const options = decision.get('options') as Y.Array<Y.Map<unknown>>;
  const status = record?.status ?? 'open';
  const [open, setOpen] = useState(false);
  const chosen = view.options.find((o) => o.get('id') === view.chosen);
  const buying = procurement.boroughs.filter((b) => b.role !== 'observer');
  const [nextStatus, setNextStatus] = useState<DecisionStatus>(status);
  const action = useAction();

  const changeStatus = async () => {
    if (await action.run(() => api.put(`/api/procurements/${procurement.id}/decisions/${id}/status`, { status: nextStatus })))
      await onRecorded();
  };

  return (
    <article className="app-card" aria-labelledby={`${id}-heading`} data-testid="decision" data-decision-id={id}>
      <div className="app-card__header">
        <div>
          <h3 className="govuk-heading-m govuk-!-margin-bottom-2" id={`${id}-heading`}>
            <span className="govuk-caption-m">Decision {number}</span>
            {view.title || 'Untitled decision'}
          </h3>
          <p className="govuk-body govuk-!-margin-bottom-1">
            {!historical && <Tag colour={statusColour[status]}>{decisionStatusLabel[status]}</Tag>}{' '}
            {chosen ? <>Chosen: {(chosen.get('title') as Y.Text).toString() || 'an untitled option'}</> : 'No option chosen yet'}
          </p>
          {!historical && (
            <p className="govuk-body-s govuk-!-margin-bottom-0" data-testid="positions-summary">
              {buying
                .map((b) => {
                  const p = record?.positions.find((x) => x.borough.id === b.id);
                  return `${b.name}: ${p ? positionLabel[p.position].toLowerCase() : 'no position yet'}`;
                })
                .join(' · ')}
            </p>
          )}
        </div>
        <button
          type="button"
          className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
          aria-expanded={open}
          aria-controls={`${id}-body`}
          onClick={() => setOpen(!open)}
        >
          {open ? 'Hide details' : 'Show details'}
          <span className="govuk-visually-hidden"> decision {number}</span>
        </button>
      </div>
      {open && (
        <div className="app-card__body" id={`${id}-body`}>
          <YTextField text={decision.get('title') as Y.Text} id={`${id}-title`} label="Decision" disabled={!canEdit} />
          <YTextField
            text={decision.get('question') as Y.Text}
            id={`${id}-question`}
            label="Question"
            multiline
            rows={2}
            disabled={!canEdit}
          />

          <fieldset className="govuk-fieldset govuk-!-margin-bottom-6">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Options</legend>
            {view.options.map((option, i) => {
              const optionId = option.get('id') as string;
              return (
                <div className="app-card govuk-!-margin-bottom-3" key={optionId} data-testid="option">
                  <div className="app-card__body">
                    <YTextField
                      text={option.get('title') as Y.Text}
                      id={`${optionId}-title`}
                      label={`Option ${i + 1}`}
                      labelClass="govuk-label--s"
                      disabled={!canEdit}
                    />
                    <div className="govuk-grid-row">
                      <div className="govuk-grid-column-one-half">
                        <YTextField
                          text={option.get('pros') as Y.Text}
                          id={`${optionId}-pros`}
                          label="Pros"
                          multiline
                          disabled={!canEdit}
                        />
                      </div>
                      <div className="govuk-grid-column-one-half">
                        <YTextField
                          text={option.get('cons') as Y.Text}
                          id={`${optionId}-cons`}
                          label="Cons"
                          multiline
                          disabled={!canEdit}
                        />
                      </div>
                    </div>
                    <div className="govuk-radios govuk-radios--small">
                      <div className="govuk-radios__item">
                        <input
                          className="govuk-radios__input"
                          id={`${optionId}-chosen`}
                          name={`${id}-chosen`}
                          type="radio"
                          checked={view.chosen === optionId}
                          disabled={!canEdit}
                          onChange={() => decision.set('chosenOptionId', optionId)}
                        />
                        <label className="govuk-label govuk-radios__label" htmlFor={`${optionId}-chosen`}>
                          The chosen option
                        </label>
                      </div>
                    </div>
                    {canEdit && (
                      <button type="button" className="app-link-button govuk-!-margin-top-2" onClick={() => options.delete(i, 1)}>
                        Remove option {i + 1}
                      </button>
                    )}
                  </div>
                </div>
              );
            })}
            {canEdit && (
              <button type="button" className="govuk-button govuk-button--secondary" onClick={() => options.push([newOption('')])}>
                Add an option
              </button>
            )}
          </fieldset>

          <RichTextField
            fragment={decision.get('rationale') as Y.XmlFragment}
            label="Rationale"
            hint="Why the boroughs chose this option."
            editable={canEdit}
          />

          {!historical && (
            <>
              <h4 className="govuk-heading-s">Status</h4>
              <p className="govuk-body">
                <Tag colour={statusColour[status]}>{decisionStatusLabel[status]}</Tag>
                {record?.statusChangedBy && (
                  <span className="app-field-note">
                    {' '}
                    by {record.statusChangedBy.name}, {formatDateTime(record.statusChangedAt!)}
                  </span>
                )}
              </p>
              {record?.statusNote && <p className="govuk-body">{record.statusNote}</p>}
              {canEdit && (
                <div>
                  <ErrorSummary errors={action.errors} />
                  <div className="app-inline-form">
                    <Select
                      id={`${id}-status`}
                      label="Change status to"
                      value={nextStatus}
                      onChange={(v) => setNextStatus(v as DecisionStatus)}
                      options={decisionStatuses.map((s) => ({ value: s, label: decisionStatusLabel[s] }))}
                      hint="It can be marked agreed only while every borough taking part supports it."
                    />
                    <Button type="button" variant="secondary" onClick={() => void changeStatus()} disabled={action.busy}>
                      Change status
                    </Button>
                  </div>
                </div>
              )}

              <Positions procurement={procurement} decisionId={id} record={record} onRecorded={onRecorded} />
            </>
          )}
        </div>
      )}
    </article>
  );
}
