/**
 * Recording a market-engagement activity in the demo's past, as a person does on the
 * Market engagement page: the activity added, then its details, then its follow-ups,
 * then what it told suppliers, each an edit of its own a few minutes apart.
 */
import type * as Y from 'yjs';
import { engagementOf, newEngagement, newFollowUp, type EngagementType } from '../../../shared/doc-layout.js';
import type { AdvantageAssessment } from '../../../shared/engagement-disclosure.js';
import { paragraph } from '../../../shared/spec-builders.js';
import type { User } from '../auth/users.js';
import type { DocumentLog } from './document-log.js';

export interface PastActivity {
  type: EngagementType;
  /** When it took place (YYYY-MM-DD). */
  date: string;
  title: string;
  suppliers: string[];
  /** Those of the suppliers that are small or medium-sized enterprises. */
  smes: string[];
  /** Ids of the boroughs present. */
  boroughs: string[];
  summary: string;
  insights: string;
  actions: { description: string; owner: User; due: string; done: boolean }[];
  /** What suppliers were told, and whether (and when, YYYY-MM-DD) it was disclosed to all. */
  disclosure: { shared: string; advantage: AdvantageAssessment; advantageAction: string; disclosedOn?: string };
}

const minute = 60_000;

/** `person` records `activity` from `at`. */
export async function recordActivity(log: DocumentLog, person: User, at: number, activity: PastActivity): Promise<void> {
  let id = '';
  const entry = (doc: Y.Doc) =>
    engagementOf(doc)
      .toArray()
      .find((e) => e.get('id') === id)!;
  await log.edit(person, at, (doc) => {
    const added = newEngagement({ type: activity.type, date: activity.date, title: activity.title });
    added.set('createdAt', new Date(at).toISOString());
    engagementOf(doc).insert(0, [added]);
    id = added.get('id') as string;
  });
  await log.edit(person, at + 2 * minute, (doc) => {
    (entry(doc).get('suppliers') as Y.Array<string>).push(activity.suppliers);
    (entry(doc).get('smes') as Y.Array<string>).push(activity.smes);
    (entry(doc).get('boroughs') as Y.Array<string>).push(activity.boroughs);
    (entry(doc).get('summary') as Y.XmlFragment).push([paragraph(activity.summary)]);
    (entry(doc).get('insights') as Y.XmlFragment).push([paragraph(activity.insights)]);
  });
  await log.edit(person, at + 4 * minute, (doc) => {
    const actions = activity.actions.map((a) => {
      const action = newFollowUp({ description: a.description, owner: a.owner.id, due: a.due });
      action.set('done', a.done);
      return action;
    });
    (entry(doc).get('actions') as Y.Array<Y.Map<unknown>>).push(actions);
  });
  const { disclosure } = activity;
  await log.edit(person, at + 6 * minute, (doc) => {
    (entry(doc).get('shared') as Y.Text).insert(0, disclosure.shared);
    entry(doc).set('advantage', disclosure.advantage);
    (entry(doc).get('advantageAction') as Y.Text).insert(0, disclosure.advantageAction);
    if (disclosure.disclosedOn) {
      entry(doc).set('disclosed', true);
      entry(doc).set('disclosedOn', disclosure.disclosedOn);
    }
  });
}
