/**
 * The fields of an engagement activity and of a decision as they were at a version, as
 * the comparison lists them ("Date", "Option 2 pros", "Chosen option"…).
 */
import * as Y from 'yjs';
import { engagementTypeLabel, type EngagementType } from '../../../shared/doc-layout.js';
import { attributeAt, listAt, richTextAt, textAttributeAt, textAt, type Snapshot } from './snapshot-reading.js';

/** An entry's label and its fields by name, as at `snapshot`. */
export type EntryFields = (entry: Y.Map<unknown>, snapshot: Snapshot) => { label: string; fields: Record<string, string> };

export function engagementFields(entry: Y.Map<unknown>, snapshot: Snapshot): { label: string; fields: Record<string, string> } {
  const get = (key: string) => attributeAt(entry, key, snapshot);
  const title = get('title') instanceof Y.Text ? textAt(get('title') as Y.Text, snapshot) : '';
  const type = textAttributeAt(entry, 'type', snapshot);
  const actions =
    get('actions') instanceof Y.Array ? (Y.typeListToArraySnapshot(get('actions') as Y.Array<unknown>, snapshot) as Y.Map<unknown>[]) : [];
  return {
    label: title || engagementTypeLabel[type as EngagementType] || 'Activity',
    fields: {
      Type: engagementTypeLabel[type as EngagementType] ?? type,
      Date: textAttributeAt(entry, 'date', snapshot),
      Title: title,
      Suppliers: listAt(get('suppliers'), snapshot).join(', '),
      'Boroughs present': listAt(get('boroughs'), snapshot).join(', '),
      Summary: get('summary') instanceof Y.XmlFragment ? richTextAt(get('summary') as Y.XmlFragment, snapshot) : '',
      'Key insights': get('insights') instanceof Y.XmlFragment ? richTextAt(get('insights') as Y.XmlFragment, snapshot) : '',
      'Follow-up actions': actions
        .map((a) => {
          const description = attributeAt(a, 'description', snapshot);
          const text = description instanceof Y.Text ? textAt(description, snapshot) : '';
          const due = textAttributeAt(a, 'due', snapshot);
          const done = attributeAt(a, 'done', snapshot) === true;
          return `${text}${due ? ` (due ${due})` : ''}${done ? ' – done' : ''}`;
        })
        .join('\n'),
    },
  };
}

export function decisionFields(entry: Y.Map<unknown>, snapshot: Snapshot): { label: string; fields: Record<string, string> } {
  const get = (key: string) => attributeAt(entry, key, snapshot);
  const title = get('title') instanceof Y.Text ? textAt(get('title') as Y.Text, snapshot) : '';
  const options =
    get('options') instanceof Y.Array ? (Y.typeListToArraySnapshot(get('options') as Y.Array<unknown>, snapshot) as Y.Map<unknown>[]) : [];
  const chosen = get('chosenOptionId');
  const fields: Record<string, string> = {
    Decision: title,
    Question: get('question') instanceof Y.Text ? textAt(get('question') as Y.Text, snapshot) : '',
  };
  options.forEach((option, i) => {
    const part = (key: string) => {
      const value = attributeAt(option, key, snapshot);
      return value instanceof Y.Text ? textAt(value, snapshot) : '';
    };
    fields[`Option ${i + 1}`] = part('title');
    fields[`Option ${i + 1} pros`] = part('pros');
    fields[`Option ${i + 1} cons`] = part('cons');
  });
  const chosenIndex = options.findIndex((o) => attributeAt(o, 'id', snapshot) === chosen);
  fields['Chosen option'] = chosenIndex >= 0 ? `Option ${chosenIndex + 1}` : 'None';
  fields.Rationale = get('rationale') instanceof Y.XmlFragment ? richTextAt(get('rationale') as Y.XmlFragment, snapshot) : '';
  return { label: title || 'Decision', fields };
}
