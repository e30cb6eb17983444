/**
 * What a market-engagement activity told suppliers, and whether it must be told to all.
 *
 * Under the Procurement Act 2023 (sections 16 and 17), a contracting authority that
 * engages the market before a procurement must take steps to stop a supplier who took
 * part gaining an unfair advantage: information given to some suppliers that would help
 * them bid is shared with every potential bidder (usually with the tender notice). Each
 * activity records what was shared, whether it gave such an advantage, what was done
 * about it, and whether and when it was disclosed to all. Anything assessed as giving an
 * advantage and not yet disclosed is flagged on the summary for the tender notice.
 *
 * Fields of an activity's Y.Map (entries made before these existed have none of them;
 * `ensureDisclosureFields` adds them, and reading gives the defaults):
 *   shared           Y.Text   what was shared with suppliers
 *   advantage        string   'yes' | 'no' | 'not-assessed'
 *   advantageAction  Y.Text   what was done about it
 *   disclosed        boolean  whether it has been disclosed to all potential bidders
 *   disclosedOn      string   when (YYYY-MM-DD), or ''
 *   smes             Y.Array<string>  the names, among `suppliers`, of small and
 *                                     medium-sized enterprises (the Act asks authorities to
 *                                     have regard to the barriers SMEs face, section 12)
 */
import * as Y from 'yjs';

export const advantageAssessments = ['not-assessed', 'yes', 'no'] as const;
export type AdvantageAssessment = (typeof advantageAssessments)[number];

export const advantageLabel: Record<AdvantageAssessment, string> = {
  'not-assessed': 'Not yet assessed',
  yes: 'Yes',
  no: 'No',
};

/** An activity's disclosure, read with defaults. */
export interface Disclosure {
  shared: string;
  advantage: AdvantageAssessment;
  advantageAction: string;
  disclosed: boolean;
  /** YYYY-MM-DD, or ''. */
  disclosedOn: string;
}

/** Where an activity stands for the tender notice. */
export type DisclosureStanding = 'not-assessed' | 'no-advantage' | 'disclosed' | 'to-disclose';

/**
 * Where an activity stands: `to-disclose` (the flag) when it was assessed as giving an
 * advantage and is not yet disclosed to all; a disclosure needs no date to count, since
 * the people recording it may not know the exact day.
 */
export function disclosureStanding(disclosure: Pick<Disclosure, 'advantage' | 'disclosed'>): DisclosureStanding {
  if (disclosure.advantage === 'not-assessed') return 'not-assessed';
  if (disclosure.advantage === 'no') return 'no-advantage';
  return disclosure.disclosed ? 'disclosed' : 'to-disclose';
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

const textOf = (value: unknown): string => (value instanceof Y.Text ? value.toString() : typeof value === 'string' ? value : '');

/** An activity's disclosure fields, tolerantly: anything missing or odd reads as its default. */
export function readDisclosure(entry: Y.Map<unknown>): Disclosure {
  const advantage = entry.get('advantage');
  const disclosedOn = entry.get('disclosedOn');
  return {
    shared: textOf(entry.get('shared')).trim(),
    advantage: (advantageAssessments as readonly unknown[]).includes(advantage) ? (advantage as AdvantageAssessment) : 'not-assessed',
    advantageAction: textOf(entry.get('advantageAction')).trim(),
    disclosed: entry.get('disclosed') === true,
    disclosedOn: typeof disclosedOn === 'string' && isoDate.test(disclosedOn) ? disclosedOn : '',
  };
}

/** Whether an activity lacks co-edited fields (it was recorded by an earlier version). */
export function lacksDisclosureFields(entry: Y.Map<unknown>): boolean {
  return !(entry.get('shared') instanceof Y.Text && entry.get('advantageAction') instanceof Y.Text && entry.get('smes') instanceof Y.Array);
}

/**
 * Adds the co-edited fields an older activity lacks (texts, the SME list), so that people
 * can edit them; the choices need no adding (a missing one reads as its default). The
 * server does this, as itself (server/src/workspace/layout-upgrades.ts): call inside a
 * transaction. Returns whether anything was added.
 */
export function ensureDisclosureFields(entry: Y.Map<unknown>): boolean {
  let added = false;
  for (const name of ['shared', 'advantageAction']) {
    if (!(entry.get(name) instanceof Y.Text)) {
      entry.set(name, new Y.Text(textOf(entry.get(name))));
      added = true;
    }
  }
  if (!(entry.get('smes') instanceof Y.Array)) {
    entry.set('smes', new Y.Array<string>());
    added = true;
  }
  return added;
}

/** The suppliers who took part, each with whether it is marked as an SME. */
export function suppliersOf(entry: Y.Map<unknown>): { name: string; sme: boolean }[] {
  const strings = (value: unknown) => (value instanceof Y.Array ? value.toArray().filter((v): v is string => typeof v === 'string') : []);
  const smes = new Set(strings(entry.get('smes')));
  return strings(entry.get('suppliers'))
    .map((name) => name.trim())
    .filter(Boolean)
    .map((name) => ({ name, sme: smes.has(name) }));
}

/** "Keystone Housing Systems (SME), Brightfix Software", or `none`. */
export function suppliersText(suppliers: readonly { name: string; sme: boolean }[], none = 'None recorded'): string {
  return suppliers.length > 0 ? suppliers.map((s) => (s.sme ? `${s.name} (SME)` : s.name)).join(', ') : none;
}

/** The fields of a new activity: nothing shared yet, not yet assessed. */
export function setNewDisclosureFields(entry: Y.Map<unknown>): void {
  entry.set('shared', new Y.Text());
  entry.set('advantage', 'not-assessed');
  entry.set('advantageAction', new Y.Text());
  entry.set('disclosed', false);
  entry.set('disclosedOn', '');
  entry.set('smes', new Y.Array<string>());
}
