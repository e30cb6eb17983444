/**
 * One market-engagement activity, every field co-edited live. Someone who may not change
 * it reads each field as text; removing an action or the activity asks first.
 */
import { useEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import type { ProcurementDetail } from '../../../../shared/api.js';
import { engagementTypeLabel, engagementTypes, newFollowUp, type EngagementType } from '../../../../shared/doc-layout.js';
import { disclosureStanding, readDisclosure, suppliersOf, suppliersText } from '../../../../shared/engagement-disclosure.js';
import { DateInput } from '../../ui/DateInput.js';
import { formatDate } from '../../ui/format.js';
import { Checkbox, Select } from '../../ui/govuk.js';
import { RichTextField } from '../fields/RichTextField.js';
import { YTextField } from '../fields/YTextField.js';
import { ItemComments } from '../comments/ItemComments.js';
import { useYDeep } from '../use-y.js';
import { EngagementDisclosure } from './EngagementDisclosure.js';
import { NothingYet, ReadOnlyField } from './ReadOnlyField.js';
import { RemoveWithConfirmation } from './RemoveWithConfirmation.js';
import { SmeSuppliers } from './SmeSuppliers.js';

export function EngagementEntry({
  entry,
  procurement,
  canEdit,
  onRemove,
  startOpen,
}: {
  entry: Y.Map<unknown>;
  procurement: ProcurementDetail;
  canEdit: boolean;
  onRemove: () => void;
  startOpen: boolean;
}) {
  const [open, setOpen] = useState(startOpen);
  const id = entry.get('id') as string;
  const fields = useYDeep(entry, () => ({
    type: (entry.get('type') as EngagementType) ?? 'rfi',
    date: (entry.get('date') as string) ?? '',
    title: (entry.get('title') as Y.Text).toString(),
    suppliers: (entry.get('suppliers') as Y.Array<string>).toArray(),
    boroughs: (entry.get('boroughs') as Y.Array<string>).toArray(),
    actions: (entry.get('actions') as Y.Array<Y.Map<unknown>>).toArray(),
    notYetDisclosed: disclosureStanding(readDisclosure(entry)) === 'to-disclose',
    suppliersShown: suppliersText(suppliersOf(entry), ''),
  }));
  const [supplier, setSupplier] = useState('');
  const suppliers = entry.get('suppliers') as Y.Array<string>;
  const boroughs = entry.get('boroughs') as Y.Array<string>;
  const actions = entry.get('actions') as Y.Array<Y.Map<unknown>>;
  const heading = fields.title || 'Untitled activity';
  const present = procurement.boroughs.filter((b) => fields.boroughs.includes(b.id));
  // Said (and focused) after an action is removed: the button that removed it has gone. A
  // new object each time, so a second removal with the same words moves focus again.
  const [removedNote, setRemovedNote] = useState<{ text: string } | null>(null);
  const removedNoteRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (removedNote) removedNoteRef.current?.focus();
  }, [removedNote]);

  const removeAction = (action: Y.Map<unknown>, note: string) => {
    // Found again by identity: someone may have added or removed another action meanwhile.
    const at = actions.toArray().indexOf(action);
    if (at >= 0) actions.delete(at, 1);
    setRemovedNote({ text: note });
  };

  const removeSupplier = (name: string) => {
    entry.doc?.transact(() => {
      const at = suppliers.toArray().indexOf(name);
      if (at >= 0) suppliers.delete(at, 1);
      // Its SME mark goes with it, so that a supplier of the same name added later starts unmarked.
      const smes = entry.get('smes') as Y.Array<string> | undefined;
      const marked = smes?.toArray().indexOf(name) ?? -1;
      if (smes && marked >= 0) smes.delete(marked, 1);
    });
  };

  const addSupplier = () => {
    const name = supplier.trim();
    if (name && !fields.suppliers.includes(name)) suppliers.push([name]);
    setSupplier('');
  };

  return (
    <article className="app-card" aria-labelledby={`${id}-heading`} data-testid="engagement-entry">
      <div className="app-card__header">
        <div>
          <span className="govuk-caption-m govuk-!-font-size-16">
            {engagementTypeLabel[fields.type]} · {fields.date ? formatDate(fields.date) : 'No date'}
          </span>
          <h3 className="govuk-heading-s govuk-!-margin-bottom-0" id={`${id}-heading`}>
            {heading}
          </h3>
          {fields.suppliersShown && <p className="govuk-body-s govuk-!-margin-bottom-0">Suppliers: {fields.suppliersShown}</p>}
          {fields.notYetDisclosed && (
            <strong className="govuk-tag govuk-tag--red govuk-!-margin-top-1" data-testid="not-yet-disclosed">
              Not yet disclosed to all bidders
            </strong>
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
          <span className="govuk-visually-hidden"> {heading}</span>
        </button>
      </div>
      <div className="app-card__comments">
        <ItemComments target={{ kind: 'engagement', entryId: id }} itemName={`“${heading}”`} headingLevel={4} />
      </div>
      {open && (
        <div className="app-card__body" id={`${id}-body`}>
          <div className="govuk-grid-row">
            <div className="govuk-grid-column-one-half">
              {canEdit ? (
                <Select
                  id={`${id}-type`}
                  label="Type of activity"
                  value={fields.type}
                  onChange={(value) => entry.set('type', value)}
                  options={engagementTypes.map((t) => ({ value: t, label: engagementTypeLabel[t] }))}
                />
              ) : (
                <ReadOnlyField label="Type of activity">{engagementTypeLabel[fields.type]}</ReadOnlyField>
              )}
            </div>
            <div className="govuk-grid-column-one-half">
              {canEdit ? (
                <DateInput id={`${id}-date`} legend="Date" value={fields.date} onChange={(date) => entry.set('date', date)} />
              ) : (
                <ReadOnlyField label="Date">{fields.date ? formatDate(fields.date) : <NothingYet>No date</NothingYet>}</ReadOnlyField>
              )}
            </div>
          </div>
          <YTextField text={entry.get('title') as Y.Text} id={`${id}-title`} label="Title" disabled={!canEdit} />

          {canEdit ? (
            <div className="govuk-form-group">
              <fieldset className="govuk-fieldset">
                <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Suppliers</legend>
                <ul className="app-chips">
                  {fields.suppliers.map((name, i) => (
                    <li className="app-chip" key={`${name}-${i}`}>
                      {name}
                      <button type="button" className="app-link-button" onClick={() => removeSupplier(name)}>
                        Remove<span className="govuk-visually-hidden"> {name}</span>
                      </button>
                    </li>
                  ))}
                </ul>
                <div className="app-inline-form">
                  <div>
                    <label className="govuk-label govuk-!-font-size-16" htmlFor={`${id}-supplier`}>
                      Add a supplier
                    </label>
                    <input
                      id={`${id}-supplier`}
                      className="govuk-input govuk-input--width-20"
                      value={supplier}
                      onChange={(e) => setSupplier(e.target.value)}
                      onKeyDown={(e) => {
                        if (e.key === 'Enter') {
                          e.preventDefault();
                          addSupplier();
                        }
                      }}
                    />
                  </div>
                  <button type="button" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" onClick={addSupplier}>
                    Add supplier
                  </button>
                </div>
              </fieldset>
            </div>
          ) : (
            <ReadOnlyField label="Suppliers">{fields.suppliersShown || <NothingYet>None recorded</NothingYet>}</ReadOnlyField>
          )}
          {canEdit && <SmeSuppliers entry={entry} />}

          {canEdit ? (
            <div className="govuk-form-group">
              <fieldset className="govuk-fieldset">
                <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Boroughs present</legend>
                <div className="govuk-checkboxes govuk-checkboxes--small">
                  {procurement.boroughs.map((b) => (
                    <Checkbox
                      key={b.id}
                      id={`${id}-borough-${b.id}`}
                      label={b.name}
                      checked={fields.boroughs.includes(b.id)}
                      onChange={(on) => {
                        const at = boroughs.toArray().indexOf(b.id);
                        if (on && at < 0) boroughs.push([b.id]);
                        if (!on && at >= 0) boroughs.delete(at, 1);
                      }}
                    />
                  ))}
                </div>
              </fieldset>
            </div>
          ) : (
            <ReadOnlyField label="Boroughs present">
              {present.length > 0 ? present.map((b) => b.name).join(', ') : <NothingYet>None recorded</NothingYet>}
            </ReadOnlyField>
          )}

          <EngagementDisclosure entry={entry} canEdit={canEdit} />

          <RichTextField fragment={entry.get('summary') as Y.XmlFragment} label="Summary" hint="What happened." editable={canEdit} />
          <RichTextField
            fragment={entry.get('insights') as Y.XmlFragment}
            label="Key insights"
            hint="What the boroughs learnt from the market."
            editable={canEdit}
          />

          <h4 className="govuk-heading-s">Follow-up actions</h4>
          {removedNote && (
            <div className="govuk-inset-text govuk-!-margin-top-0" role="status" tabIndex={-1} ref={removedNoteRef}>
              {removedNote.text}
            </div>
          )}
          {fields.actions.length === 0 && <p className="govuk-body">No follow-up actions yet.</p>}
          {fields.actions.map((action, i) => (
            <FollowUp
              key={action.get('id') as string}
              action={action}
              number={i + 1}
              procurement={procurement}
              canEdit={canEdit}
              onRemove={(note) => removeAction(action, note)}
            />
          ))}
          {canEdit && (
            <>
              <button
                type="button"
                className="govuk-button govuk-button--secondary"
                onClick={() => {
                  setRemovedNote(null);
                  actions.push([newFollowUp()]);
                }}
              >
                Add a follow-up action
              </button>
              <hr className="govuk-section-break govuk-section-break--m govuk-section-break--visible" />
              <RemoveWithConfirmation
                label={
                  <>
                    Delete this activity<span className="govuk-visually-hidden"> “{heading}”</span>
                  </>
                }
                buttonClassName="govuk-button govuk-button--warning govuk-!-margin-bottom-0"
                question={`Delete “${heading}”?`}
                detail="It goes for everyone taking part, with its notes and follow-up actions. This can be undone from the history."
                confirmLabel="Yes, delete this activity"
                onConfirm={onRemove}
              />
            </>
          )}
        </div>
      )}
    </article>
  );
}

function FollowUp({
  action,
  number,
  procurement,
  canEdit,
  onRemove,
}: {
  action: Y.Map<unknown>;
  number: number;
  procurement: ProcurementDetail;
  canEdit: boolean;
  /** Removes the action; `note` says which it was, for after it has gone. */
  onRemove: (note: string) => void;
}) {
  const id = action.get('id') as string;
  const value = useYDeep(action, () => ({
    description: (action.get('description') as Y.Text).toString().trim(),
    owner: (action.get('owner') as string) ?? '',
    due: (action.get('due') as string) ?? '',
    done: action.get('done') === true,
  }));
  const owner = procurement.members.find((m) => m.userId === value.owner);
  const which = `action ${number}${value.description ? `, “${value.description}”` : ''}`;
  return (
    <div className="app-card govuk-!-margin-bottom-3" data-testid="follow-up">
      <div className="app-card__body">
        <YTextField text={action.get('description') as Y.Text} id={`${id}-description`} label={`Action ${number}`} disabled={!canEdit} />
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half">
            {canEdit ? (
              <Select
                id={`${id}-owner`}
                label="Owner"
                value={value.owner}
                onChange={(next) => action.set('owner', next)}
                options={[
                  { value: '', label: 'Nobody yet' },
                  ...procurement.members.map((m) => ({ value: m.userId, label: `${m.name}, ${m.borough.name}` })),
                ]}
              />
            ) : (
              <ReadOnlyField label="Owner">
                {owner ? (
                  `${owner.name}, ${owner.borough.name}`
                ) : (
                  <NothingYet>{value.owner ? 'Someone no longer taking part' : 'Nobody yet'}</NothingYet>
                )}
              </ReadOnlyField>
            )}
          </div>
          <div className="govuk-grid-column-one-half">
            {canEdit ? (
              <DateInput id={`${id}-due`} legend="Due date" value={value.due} onChange={(due) => action.set('due', due)} />
            ) : (
              <ReadOnlyField label="Due date">{value.due ? formatDate(value.due) : <NothingYet>No date</NothingYet>}</ReadOnlyField>
            )}
          </div>
        </div>
        {canEdit ? (
          <div className="govuk-checkboxes govuk-checkboxes--small">
            <Checkbox id={`${id}-done`} label="Done" checked={value.done} onChange={(done) => action.set('done', done)} />
          </div>
        ) : (
          <ReadOnlyField label="Done">{value.done ? 'Yes' : 'Not yet'}</ReadOnlyField>
        )}
        {canEdit && (
          <div className="govuk-body govuk-!-margin-top-3 govuk-!-margin-bottom-0">
            <RemoveWithConfirmation
              label={`Remove action ${number}`}
              buttonClassName="app-link-button"
              question={`Remove ${which}?`}
              detail="It goes for everyone taking part. This can be undone from the history."
              confirmLabel={`Yes, remove action ${number}`}
              onConfirm={() => onRemove(`You removed ${which}.`)}
            />
          </div>
        )}
      </div>
    </div>
  );
}
