/** One market-engagement activity, every field co-edited live. */
import { useState } from 'react';
import type * as Y from 'yjs';
import type { ProcurementDetail } from '../../../../shared/api.js';
import { engagementTypeLabel, engagementTypes, newFollowUp, type EngagementType } from '../../../../shared/doc-layout.js';
import { formatDate } from '../../ui/format.js';
import { Checkbox, Select } from '../../ui/govuk.js';
import { RichTextField } from '../fields/RichTextField.js';
import { YTextField } from '../fields/YTextField.js';
import { useYDeep } from '../use-y.js';

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
  }));
  const [supplier, setSupplier] = useState('');
  const suppliers = entry.get('suppliers') as Y.Array<string>;
  const boroughs = entry.get('boroughs') as Y.Array<string>;
  const actions = entry.get('actions') as Y.Array<Y.Map<unknown>>;
  const heading = fields.title || 'Untitled activity';

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
          {fields.suppliers.length > 0 && <p className="govuk-body-s govuk-!-margin-bottom-0">Suppliers: {fields.suppliers.join(', ')}</p>}
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
      {open && (
        <div className="app-card__body" id={`${id}-body`}>
          <div className="govuk-grid-row">
            <div className="govuk-grid-column-one-half">
              <Select
                id={`${id}-type`}
                label="Type of activity"
                value={fields.type}
                disabled={!canEdit}
                onChange={(value) => entry.set('type', value)}
                options={engagementTypes.map((t) => ({ value: t, label: engagementTypeLabel[t] }))}
              />
            </div>
            <div className="govuk-grid-column-one-half">
              <div className="govuk-form-group">
                <label className="govuk-label" htmlFor={`${id}-date`}>
                  Date
                </label>
                <input
                  id={`${id}-date`}
                  className="govuk-input govuk-input--width-10"
                  type="date"
                  value={fields.date}
                  disabled={!canEdit}
                  onChange={(e) => entry.set('date', e.target.value)}
                />
              </div>
            </div>
          </div>
          <YTextField text={entry.get('title') as Y.Text} id={`${id}-title`} label="Title" disabled={!canEdit} />

          <div className="govuk-form-group">
            <fieldset className="govuk-fieldset">
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Suppliers</legend>
              <ul className="app-chips">
                {fields.suppliers.map((name, i) => (
                  <li className="app-chip" key={`${name}-${i}`}>
                    {name}
                    {canEdit && (
                      <button type="button" className="app-link-button" onClick={() => suppliers.delete(fields.suppliers.indexOf(name), 1)}>
                        Remove<span className="govuk-visually-hidden"> {name}</span>
                      </button>
                    )}
                  </li>
                ))}
              </ul>
              {canEdit && (
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
              )}
            </fieldset>
          </div>

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
                    disabled={!canEdit}
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

          <RichTextField fragment={entry.get('summary') as Y.XmlFragment} label="Summary" hint="What happened." editable={canEdit} />
          <RichTextField
            fragment={entry.get('insights') as Y.XmlFragment}
            label="Key insights"
            hint="What the boroughs learnt from the market."
            editable={canEdit}
          />

          <h4 className="govuk-heading-s">Follow-up actions</h4>
          {fields.actions.length === 0 && <p className="govuk-body">No follow-up actions yet.</p>}
          {fields.actions.map((action, i) => (
            <FollowUp
              key={action.get('id') as string}
              action={action}
              procurement={procurement}
              canEdit={canEdit}
              onRemove={() => actions.delete(i, 1)}
            />
          ))}
          {canEdit && (
            <div className="govuk-button-group">
              <button type="button" className="govuk-button govuk-button--secondary" onClick={() => actions.push([newFollowUp()])}>
                Add a follow-up action
              </button>
              <button
                type="button"
                className="govuk-button govuk-button--warning"
                onClick={() => {
                  if (confirm(`Delete “${heading}”? This can be undone from the history.`)) onRemove();
                }}
              >
                Delete this activity
              </button>
            </div>
          )}
        </div>
      )}
    </article>
  );
}

function FollowUp({
  action,
  procurement,
  canEdit,
  onRemove,
}: {
  action: Y.Map<unknown>;
  procurement: ProcurementDetail;
  canEdit: boolean;
  onRemove: () => void;
}) {
  const id = action.get('id') as string;
  const value = useYDeep(action, () => ({
    owner: (action.get('owner') as string) ?? '',
    due: (action.get('due') as string) ?? '',
    done: action.get('done') === true,
  }));
  return (
    <div className="app-card govuk-!-margin-bottom-3" data-testid="follow-up">
      <div className="app-card__body">
        <YTextField text={action.get('description') as Y.Text} id={`${id}-description`} label="Action" disabled={!canEdit} />
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half">
            <Select
              id={`${id}-owner`}
              label="Owner"
              value={value.owner}
              disabled={!canEdit}
              onChange={(owner) => action.set('owner', owner)}
              options={[
                { value: '', label: 'Nobody yet' },
                ...procurement.members.map((m) => ({ value: m.userId, label: `${m.name}, ${m.borough.name}` })),
              ]}
            />
          </div>
          <div className="govuk-grid-column-one-half">
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor={`${id}-due`}>
                Due date
              </label>
              <input
                id={`${id}-due`}
                className="govuk-input govuk-input--width-10"
                type="date"
                value={value.due}
                disabled={!canEdit}
                onChange={(e) => action.set('due', e.target.value)}
              />
            </div>
          </div>
        </div>
        <div className="govuk-checkboxes govuk-checkboxes--small">
          <Checkbox id={`${id}-done`} label="Done" checked={value.done} disabled={!canEdit} onChange={(done) => action.set('done', done)} />
        </div>
        {canEdit && (
          <button type="button" className="app-link-button govuk-!-margin-top-3" onClick={onRemove}>
            Remove this action
          </button>
        )}
      </div>
    </div>
  );
}
