/**
 * One design decision: its status and each borough's position first (what a borough lead
 * acts on), then the question, the options with the one proposed, and the rationale.
 */
import { useState } from 'react';
import type * as Y from 'yjs';
import type { ProcurementDetail } from '../../../../shared/api.js';
import { positionSummary, type DecisionRecord } from '../../../../shared/decisions.js';
import { decisionStatusLabel, newOption } from '../../../../shared/doc-layout.js';
import { Tag } from '../../ui/govuk.js';
import { ItemComments } from '../comments/ItemComments.js';
import { RichTextField } from '../fields/RichTextField.js';
import { YTextField } from '../fields/YTextField.js';
import { addressNamesOption } from '../place-in-address.js';
import { useYDeep } from '../use-y.js';
import { DecisionStatus, statusColour } from './DecisionStatus.js';
import { Positions, type ProposedOption } from './Positions.js';

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
  const view = useYDeep(decision, () => {
    const options = (decision.get('options') as Y.Array<Y.Map<unknown>>).toArray();
    const chosenId = (decision.get('chosenOptionId') as string | null) ?? null;
    const chosen = options.find((o) => o.get('id') === chosenId);
    return {
      title: (decision.get('title') as Y.Text).toString(),
      options,
      proposal: chosen ? ({ id: chosenId!, title: (chosen.get('title') as Y.Text).toString() } satisfies ProposedOption) : null,
    };
  });
  const status = record?.status ?? 'open';
  // Opened when the address names one of its options (a search result links there).
  const [open, setOpen] = useState(() => addressNamesOption(view.options.map((o) => o.get('id') as string)));
  const buying = procurement.boroughs.filter((b) => b.role !== 'observer');

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
            {view.proposal ? <>Proposed: {view.proposal.title || 'an untitled option'}</> : 'No option proposed yet'}
          </p>
          {!historical && (
            <p className="govuk-body-s govuk-!-margin-bottom-0" data-testid="positions-summary">
              {buying
                .map((b) => {
                  const p = record?.positions.find((x) => x.borough.id === b.id);
                  // "Supports: One lead borough (Hackney)": what the borough says, then who.
                  if (!p) return `No position yet (${b.name})`;
                  return p.current ? `${positionSummary(p)} (${b.name})` : `Asked again (${b.name})`;
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
          {!historical && (
            <>
              <Positions procurement={procurement} decisionId={id} record={record} proposal={view.proposal} onRecorded={onRecorded} />
              <DecisionStatus procurement={procurement} decisionId={id} record={record} onChanged={onRecorded} />
            </>
          )}
          <YTextField text={decision.get('title') as Y.Text} id={`${id}-title`} label="Decision" disabled={!canEdit} />
          <YTextField
            text={decision.get('question') as Y.Text}
            id={`${id}-question`}
            label="Question"
            multiline
            rows={2}
            disabled={!canEdit}
          />
          <Options
            decision={decision}
            decisionId={id}
            decisionNumber={number}
            options={view.options}
            proposalId={view.proposal?.id ?? null}
            canEdit={canEdit}
          />
          <RichTextField
            fragment={decision.get('rationale') as Y.XmlFragment}
            label="Rationale"
            hint="Why the boroughs chose this option."
            editable={canEdit}
          />
        </div>
      )}
    </article>
  );
}

/** The options, each with its pros and cons and comments; an editor proposes one to the boroughs. */
function Options({
  decision,
  decisionId,
  decisionNumber,
  options,
  proposalId,
  canEdit,
}: {
  decision: Y.Map<unknown>;
  decisionId: string;
  decisionNumber: number;
  options: Y.Map<unknown>[];
  proposalId: string | null;
  canEdit: boolean;
}) {
  const list = decision.get('options') as Y.Array<Y.Map<unknown>>;
  const remove = (index: number, title: string) => {
    const proposed = options[index]?.get('id') === proposalId;
    const question = proposed
      ? `Remove option ${index + 1}, “${title || 'untitled'}”? It is the proposed option: any agreement on it lapses.`
      : `Remove option ${index + 1}, “${title || 'untitled'}”?`;
    if (confirm(question)) list.delete(index, 1);
  };
  return (
    <fieldset className="govuk-fieldset govuk-!-margin-bottom-6">
      <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Options</legend>
      {canEdit && (
        <p className="govuk-hint">Propose one option to the boroughs. Changing the proposal, or rewording it, asks every borough again.</p>
      )}
      {options.map((option, i) => {
        const optionId = option.get('id') as string;
        const title = (option.get('title') as Y.Text).toString();
        return (
          <div className="app-card govuk-!-margin-bottom-3" key={optionId} data-testid="option">
            <div className="app-card__body">
              <YTextField
                text={option.get('title') as Y.Text}
                id={`${optionId}-title`}
                label={`Option ${i + 1}${optionId === proposalId ? ' (proposed)' : ''}`}
                labelClass="govuk-label--s"
                disabled={!canEdit}
              />
              <div className="govuk-grid-row">
                <div className="govuk-grid-column-one-half">
                  <YTextField text={option.get('pros') as Y.Text} id={`${optionId}-pros`} label="Pros" multiline disabled={!canEdit} />
                </div>
                <div className="govuk-grid-column-one-half">
                  <YTextField text={option.get('cons') as Y.Text} id={`${optionId}-cons`} label="Cons" multiline disabled={!canEdit} />
                </div>
              </div>
              {canEdit && (
                <>
                  <div className="govuk-radios govuk-radios--small">
                    <div className="govuk-radios__item">
                      <input
                        className="govuk-radios__input"
                        id={`${optionId}-chosen`}
                        name={`${decisionId}-chosen`}
                        type="radio"
                        checked={proposalId === optionId}
                        onChange={() => decision.set('chosenOptionId', optionId)}
                      />
                      <label className="govuk-label govuk-radios__label" htmlFor={`${optionId}-chosen`}>
                        Propose this option
                      </label>
                    </div>
                  </div>
                  <button type="button" className="app-link-button govuk-!-margin-top-2" onClick={() => remove(i, title)}>
                    Remove option {i + 1}
                  </button>
                </>
              )}
              <ItemComments
                target={{ kind: 'decision-option', decisionId, optionId }}
                itemName={`option ${i + 1} of decision ${decisionNumber}`}
                headingLevel={4}
              />
            </div>
          </div>
        );
      })}
      {canEdit && (
        <button type="button" className="govuk-button govuk-button--secondary" onClick={() => list.push([newOption('')])}>
          Add an option
        </button>
      )}
    </fieldset>
  );
}
