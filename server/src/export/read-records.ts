/**
 * Reads the decisions and the engagement activities from the live document into the
 * content model. Like the specification, they are read tolerantly: a missing or odd
 * field becomes an empty value rather than an error.
 */
import * as Y from 'yjs';
import { decisionsOf, engagementOf, engagementTypeLabel, engagementTypes, field, type EngagementType } from '../../../shared/doc-layout.js';
import { readDisclosure, suppliersOf } from '../../../shared/engagement-disclosure.js';
import type { Block, DecisionContent, DecisionOption, EngagementActivity, FollowUp } from './content.js';
import { readBlocks } from './read-blocks.js';

const textOf = (value: unknown): string => (value instanceof Y.Text ? value.toString() : typeof value === 'string' ? value : '');

const stringsOf = (value: unknown): string[] =>
  value instanceof Y.Array ? value.toArray().filter((v): v is string => typeof v === 'string') : [];

const blocksOf = (value: unknown): Block[] => (value instanceof Y.XmlFragment ? readBlocks(value) : []);

const isoDate = (value: unknown): string => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : '');

// ---- engagement ------------------------------------------------------------------------

function readFollowUp(entry: Y.Map<unknown>): FollowUp {
  return {
    description: textOf(entry.get('description')).trim(),
    ownerId: typeof entry.get('owner') === 'string' ? (entry.get('owner') as string) : '',
    due: isoDate(entry.get('due')),
    done: entry.get('done') === true,
  };
}

/**
 * The engagement activities in date order (a record reads from the first contact to the
 * last; undated ones come last, in the order they were added).
 */
export function readEngagement(doc: Y.Doc): EngagementActivity[] {
  const activities = engagementOf(doc)
    .toArray()
    .filter((entry): entry is Y.Map<unknown> => entry instanceof Y.Map)
    .map((entry): EngagementActivity => {
      const rawType = field<string>(entry, 'type');
      const type: EngagementType = (engagementTypes as readonly unknown[]).includes(rawType)
        ? (rawType as EngagementType)
        : 'market-sounding';
      const actions = entry.get('actions');
      return {
        id: textOf(entry.get('id')),
        type,
        typeLabel: engagementTypeLabel[type],
        date: isoDate(entry.get('date')),
        title: textOf(entry.get('title')).trim(),
        suppliers: suppliersOf(entry).map((s) => s.name),
        smes: suppliersOf(entry)
          .filter((s) => s.sme)
          .map((s) => s.name),
        boroughs: stringsOf(entry.get('boroughs')),
        summary: blocksOf(entry.get('summary')),
        insights: blocksOf(entry.get('insights')),
        actions:
          actions instanceof Y.Array
            ? actions
                .toArray()
                .filter((a): a is Y.Map<unknown> => a instanceof Y.Map)
                .map(readFollowUp)
            : [],
        disclosure: readDisclosure(entry),
      };
    });
  return activities
    .map((activity, index) => ({ activity, index }))
    .sort((a, b) => (a.activity.date || '9999').localeCompare(b.activity.date || '9999') || a.index - b.index)
    .map(({ activity }) => activity);
}

// ---- decisions -----------------------------------------------------------------------

/** The decisions in the order the boroughs keep them. */
export function readDecisions(doc: Y.Doc): DecisionContent[] {
  return decisionsOf(doc)
    .toArray()
    .filter((entry): entry is Y.Map<unknown> => entry instanceof Y.Map)
    .map((entry) => {
      const rawOptions = entry.get('options');
      const options: DecisionOption[] =
        rawOptions instanceof Y.Array
          ? rawOptions
              .toArray()
              .filter((o): o is Y.Map<unknown> => o instanceof Y.Map)
              .map((o) => ({
                id: textOf(o.get('id')),
                title: textOf(o.get('title')).trim(),
                pros: textOf(o.get('pros')).trim(),
                cons: textOf(o.get('cons')).trim(),
              }))
          : [];
      const chosen = entry.get('chosenOptionId');
      return {
        id: textOf(entry.get('id')),
        title: textOf(entry.get('title')).trim(),
        question: textOf(entry.get('question')).trim(),
        options,
        chosenOptionId: typeof chosen === 'string' && options.some((o) => o.id === chosen) ? chosen : null,
        rationale: blocksOf(entry.get('rationale')),
      };
    });
}
