/**
 * The layout of a procurement's live document: one Y.Doc per procurement, defined here
 * once for the browser and the server.
 *
 *   specification  Y.XmlFragment  the common technical specification, as the rich-text
 *                                 editor stores it (ProseMirror nodes, see `specNodes`)
 *   engagement     Y.Array<Y.Map> market-engagement activities (`EngagementFields`)
 *   decisions      Y.Array<Y.Map> design decisions (`DecisionFields`)
 *   meta           Y.Map          `layoutVersion`
 *
 * Short text fields that people co-edit are Y.Text (so two people typing in one field
 * merge character by character); rich-text fields are Y.XmlFragment; choices are plain
 * values. A decision's status and each borough's position on it are formal acts kept in
 * SQL, not here.
 */
import * as Y from 'yjs';
import { setNewDisclosureFields } from './engagement-disclosure.js';

export const layoutVersion = 1;

export const roots = {
  specification: 'specification',
  engagement: 'engagement',
  decisions: 'decisions',
  meta: 'meta',
} as const;

export type RootName = (typeof roots)[keyof typeof roots];

export function specificationOf(doc: Y.Doc): Y.XmlFragment {
  return doc.getXmlFragment(roots.specification);
}

export function engagementOf(doc: Y.Doc): Y.Array<Y.Map<unknown>> {
  return doc.getArray<Y.Map<unknown>>(roots.engagement);
}

export function decisionsOf(doc: Y.Doc): Y.Array<Y.Map<unknown>> {
  return doc.getArray<Y.Map<unknown>>(roots.decisions);
}

export function metaOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(roots.meta);
}

// ---- the specification --------------------------------------------------------------

/** Node names in the specification fragment (the editor's schema uses the same names). */
export const specNodes = {
  heading: 'heading',
  paragraph: 'paragraph',
  bulletList: 'bulletList',
  orderedList: 'orderedList',
  listItem: 'listItem',
  table: 'table',
  tableRow: 'tableRow',
  tableHeader: 'tableHeader',
  tableCell: 'tableCell',
  requirement: 'requirement',
} as const;

export const priorities = ['must', 'should', 'could', 'wont'] as const;
export type Priority = (typeof priorities)[number];

export const priorityLabel: Record<Priority, string> = {
  must: 'Must',
  should: 'Should',
  could: 'Could',
  wont: 'Won’t',
};

/** Attributes of a requirement block. `number` is given by the server, never by a browser. */
export interface RequirementAttributes {
  number: number | null;
  priority: Priority;
  /** Borough ids it applies to; empty means every participating borough. */
  appliesTo: string[];
}

export function formatRequirementId(number: number | null): string {
  return number === null ? 'REQ-new' : `REQ-${String(number).padStart(3, '0')}`;
}

/** An XML element of the document (a type guard that keeps its attributes typed). */
export function isXmlElement(value: unknown): value is Y.XmlElement {
  return value instanceof Y.XmlElement;
}

/** The strings in a list attribute, whatever a client may have written there. */
export function stringsIn(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Reads a requirement element's attributes, tolerating anything a client may have written. */
export function requirementAttributes(element: Y.XmlElement): RequirementAttributes {
  const rawNumber = element.getAttribute('number') as unknown;
  const rawPriority = element.getAttribute('priority') as unknown;
  const rawApplies = element.getAttribute('appliesTo') as unknown;
  return {
    number: typeof rawNumber === 'number' && Number.isInteger(rawNumber) && rawNumber > 0 ? rawNumber : null,
    priority: (priorities as readonly unknown[]).includes(rawPriority) ? (rawPriority as Priority) : 'must',
    appliesTo: stringsIn(rawApplies),
  };
}

/** Every requirement element in the specification, in document order. */
export function requirementElements(fragment: Y.XmlFragment): Y.XmlElement[] {
  const found: Y.XmlElement[] = [];
  const walk = (parent: Y.XmlFragment | Y.XmlElement) => {
    for (const child of parent.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      if (child.nodeName === specNodes.requirement) found.push(child);
      else walk(child);
    }
  };
  walk(fragment);
  return found;
}

/** Plain text of rich text: inline text joined as it is, blocks on their own lines. */
export function plainText(node: Y.XmlFragment | Y.XmlElement | Y.XmlText): string {
  if (node instanceof Y.XmlText) {
    return (node.toDelta() as { insert: unknown }[]).map((d) => (typeof d.insert === 'string' ? d.insert : '')).join('');
  }
  const children = node.toArray().filter((c): c is Y.XmlElement | Y.XmlText => c instanceof Y.XmlElement || c instanceof Y.XmlText);
  const hasBlocks = children.some((c) => c instanceof Y.XmlElement);
  return children.map((c) => plainText(c)).join(hasBlocks ? '\n' : '');
}

// ---- entries of the engagement and decisions arrays ---------------------------------

export const engagementTypes = ['rfi', 'supplier-day', 'one-to-one', 'demonstration', 'market-sounding'] as const;
export type EngagementType = (typeof engagementTypes)[number];

export const engagementTypeLabel: Record<EngagementType, string> = {
  rfi: 'RFI / questionnaire',
  'supplier-day': 'Supplier day',
  'one-to-one': 'One-to-one meeting',
  demonstration: 'Demonstration',
  'market-sounding': 'Market sounding',
};

/**
 * An engagement activity (a Y.Map): `id`, `type`, `date` (YYYY-MM-DD), `title` (Y.Text),
 * `suppliers` (Y.Array<string>), `boroughs` (Y.Array<string> of borough ids present),
 * `summary` and `insights` (Y.XmlFragment), `actions` (Y.Array<Y.Map> of FollowUpFields),
 * `createdAt` (ISO), and what was shared with suppliers and whether it must be disclosed
 * to all (see engagement-disclosure.ts; older entries lack those fields).
 */
export interface EngagementFields {
  id: string;
  type: EngagementType;
  date: string;
  title: Y.Text;
  suppliers: Y.Array<string>;
  boroughs: Y.Array<string>;
  summary: Y.XmlFragment;
  insights: Y.XmlFragment;
  actions: Y.Array<Y.Map<unknown>>;
  createdAt: string;
}

/** A follow-up action (a Y.Map): `id`, `description` (Y.Text), `owner`, `due` (YYYY-MM-DD), `done`. */
export interface FollowUpFields {
  id: string;
  description: Y.Text;
  owner: string;
  due: string;
  done: boolean;
}

export const decisionTopics = ['form', 'governance', 'route', 'other'] as const;
export type DecisionTopic = (typeof decisionTopics)[number];

export const decisionStatuses = ['open', 'proposed', 'agreed', 'superseded'] as const;
export type DecisionStatus = (typeof decisionStatuses)[number];

export const decisionStatusLabel: Record<DecisionStatus, string> = {
  open: 'Open',
  proposed: 'Proposed',
  agreed: 'Agreed',
  superseded: 'Superseded',
};

/**
 * A design decision (a Y.Map): `id`, `topic`, `title` and `question` (Y.Text), `options`
 * (Y.Array<Y.Map> of OptionFields), `chosenOptionId` (string or null), `rationale`
 * (Y.XmlFragment), `createdAt` (ISO). Its status lives in SQL.
 */
export interface DecisionFields {
  id: string;
  topic: DecisionTopic;
  title: Y.Text;
  question: Y.Text;
  options: Y.Array<Y.Map<unknown>>;
  chosenOptionId: string | null;
  rationale: Y.XmlFragment;
  createdAt: string;
}

/** An option of a decision (a Y.Map): `id`, `title`, `pros`, `cons` (each Y.Text). */
export interface OptionFields {
  id: string;
  title: Y.Text;
  pros: Y.Text;
  cons: Y.Text;
}

/** A short random id for entries made in a browser or on the server. */
export function entryId(): string {
  const bytes = new Uint8Array(9);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(36).padStart(2, '0'))
    .join('')
    .slice(0, 14);
}

/** Typed read of one field of an entry map. */
export function field<T>(entry: Y.Map<unknown>, name: string): T | undefined {
  return entry.get(name) as T | undefined;
}

export function newOption(title: string, pros = '', cons = ''): Y.Map<unknown> {
  const option = new Y.Map<unknown>();
  option.set('id', entryId());
  option.set('title', new Y.Text(title));
  option.set('pros', new Y.Text(pros));
  option.set('cons', new Y.Text(cons));
  return option;
}

export function newDecision(input: {
  topic: DecisionTopic;
  title: string;
  question: string;
  options?: { title: string; pros?: string; cons?: string }[];
}): Y.Map<unknown> {
  const decision = new Y.Map<unknown>();
  decision.set('id', entryId());
  decision.set('topic', input.topic);
  decision.set('title', new Y.Text(input.title));
  decision.set('question', new Y.Text(input.question));
  const options = new Y.Array<Y.Map<unknown>>();
  options.push((input.options ?? []).map((o) => newOption(o.title, o.pros, o.cons)));
  decision.set('options', options);
  decision.set('chosenOptionId', null);
  decision.set('rationale', new Y.XmlFragment());
  decision.set('createdAt', new Date().toISOString());
  return decision;
}

export function newFollowUp(input: { description?: string; owner?: string; due?: string } = {}): Y.Map<unknown> {
  const action = new Y.Map<unknown>();
  action.set('id', entryId());
  action.set('description', new Y.Text(input.description ?? ''));
  action.set('owner', input.owner ?? '');
  action.set('due', input.due ?? '');
  action.set('done', false);
  return action;
}

export function newEngagement(input: { type: EngagementType; date: string; title?: string }): Y.Map<unknown> {
  const entry = new Y.Map<unknown>();
  entry.set('id', entryId());
  entry.set('type', input.type);
  entry.set('date', input.date);
  entry.set('title', new Y.Text(input.title ?? ''));
  entry.set('suppliers', new Y.Array<string>());
  entry.set('boroughs', new Y.Array<string>());
  entry.set('summary', new Y.XmlFragment());
  entry.set('insights', new Y.XmlFragment());
  entry.set('actions', new Y.Array<Y.Map<unknown>>());
  setNewDisclosureFields(entry);
  entry.set('createdAt', new Date().toISOString());
  return entry;
}
