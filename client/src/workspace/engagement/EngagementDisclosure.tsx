/**
 * What an engagement activity told suppliers, and whether it must be disclosed to every
 * potential bidder to avoid an unfair advantage (Procurement Act 2023, sections 16 and
 * 17): co-edited live in the activity's entry; read as text by someone who may not
 * change it. An activity recorded before these fields existed gets its text fields when
 * someone who may edit opens it (see shared/engagement-disclosure.ts).
 */
import type * as Y from 'yjs';
import { advantageAssessments, advantageLabel, disclosureStanding, readDisclosure } from '../../../../shared/engagement-disclosure.js';
import { DateInput } from '../../ui/DateInput.js';
import { formatDate } from '../../ui/format.js';
import { Checkbox, Radios, WarningText } from '../../ui/govuk.js';
import { YTextField } from '../fields/YTextField.js';
import { useYDeep } from '../use-y.js';
import { NothingYet, ReadOnlyField } from './ReadOnlyField.js';

const advantageQuestion = 'Did it give some suppliers information that every potential bidder needs, to avoid an unfair advantage?';
const advantageHint = 'Procurement Act 2023, sections 16 and 17. For example, the budget, volumes or a draft of the requirements.';

/** The warning shown on an activity while what it shared is not disclosed to all. */
const notYetDisclosed = 'Shared with some suppliers and not yet disclosed to all potential bidders.';

export function EngagementDisclosure({ entry, canEdit }: { entry: Y.Map<unknown>; canEdit: boolean }) {
  const id = entry.get('id') as string;
  const disclosure = useYDeep(entry, () => readDisclosure(entry));
  const sharedText = entry.get('shared');
  const actionText = entry.get('advantageAction');
  const editable = canEdit && sharedText !== undefined && actionText !== undefined;
  // An activity recorded by an earlier version reads as text until the server has added
  // the fields it lacks (as soon as it opens the document).

  const disclosedOn = disclosure.disclosedOn ? `, on ${formatDate(disclosure.disclosedOn)}` : '';
  return (
    <section aria-labelledby={`${id}-disclosure-heading`} data-testid="engagement-disclosure">
      <h4 className="govuk-heading-s" id={`${id}-disclosure-heading`}>
        What suppliers were told
      </h4>
      {disclosureStanding(disclosure) === 'to-disclose' && <WarningText>{notYetDisclosed}</WarningText>}
      {editable ? (
        <YTextField
          text={sharedText as Y.Text}
          id={`${id}-shared`}
          label="What was shared with suppliers"
          hint="Anything the boroughs told or showed them."
          multiline
        />
      ) : (
        <ReadOnlyField label="What was shared with suppliers">
          {disclosure.shared || <NothingYet>Nothing recorded</NothingYet>}
        </ReadOnlyField>
      )}
      {editable ? (
        <Radios
          name={`${id}-advantage`}
          legend={advantageQuestion}
          hint={advantageHint}
          value={disclosure.advantage}
          onChange={(value) => entry.set('advantage', value)}
          options={advantageAssessments.map((a) => ({ value: a, label: advantageLabel[a] }))}
          small
        />
      ) : (
        <ReadOnlyField label={advantageQuestion}>{advantageLabel[disclosure.advantage]}</ReadOnlyField>
      )}
      {disclosure.advantage === 'yes' &&
        (editable ? (
          <>
            <YTextField
              text={actionText as Y.Text}
              id={`${id}-advantage-action`}
              label="What was done about it"
              hint="For example, published with the tender notice."
              multiline
            />
            <div className="govuk-form-group">
              <div className="govuk-checkboxes govuk-checkboxes--small">
                <Checkbox
                  id={`${id}-disclosed`}
                  label="Disclosed to all potential bidders"
                  checked={disclosure.disclosed}
                  onChange={(disclosed) => entry.set('disclosed', disclosed)}
                />
              </div>
            </div>
            {disclosure.disclosed && (
              <DateInput
                id={`${id}-disclosed-on`}
                legend="Date disclosed"
                value={disclosure.disclosedOn}
                onChange={(date) => entry.set('disclosedOn', date)}
              />
            )}
          </>
        ) : (
          <>
            <ReadOnlyField label="What was done about it">
              {disclosure.advantageAction || <NothingYet>Nothing recorded</NothingYet>}
            </ReadOnlyField>
            <ReadOnlyField label="Disclosed to all potential bidders">
              {disclosure.disclosed ? `Yes${disclosedOn}` : 'Not yet'}
            </ReadOnlyField>
          </>
        ))}
    </section>
  );
}
