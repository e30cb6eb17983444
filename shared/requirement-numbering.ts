/**
 * Requirement numbers (REQ-001, REQ-002, …) are given by the server, which sees every
 * change in one order, so two people adding a requirement at the same moment never get
 * the same number. A number, once given, stays with its requirement: it is never
 * reused, and never changes when other requirements move or go.
 *
 * The server keeps a record of each number and the Yjs item of the requirement element
 * that carries it. This module plans, from that record and the document, which
 * elements need a number and which records change:
 * - an element the record knows keeps (or gets back) its number;
 * - when there is no record yet, elements keep the numbers they carry (content the
 *   server wrote before it kept records); later, a number the record has never given
 *   (pasted from another procurement, say) is replaced by the next one;
 * - an element carrying the number of another element that is gone takes it over (a
 *   requirement cut and pasted elsewhere);
 * - new elements, and copies of a requirement that is still there, get the next number.
 */
import type * as Y from 'yjs';
import { requirementAttributes, requirementElements } from './doc-layout.js';

export interface NumberRecord {
  number: number;
  /** The Yjs item id (client, clock) of the element carrying the number. */
  client: number;
  clock: number;
}

export interface NumberPlan {
  /** Elements whose `number` attribute must be set. */
  assign: { element: Y.XmlElement; number: number }[];
  /** Records to write (new numbers, and numbers that moved to another element). */
  records: NumberRecord[];
}

export function itemKey(element: Y.XmlElement): string {
  const id = element._item?.id;
  return id ? `${id.client}:${id.clock}` : '';
}

export function planRequirementNumbers(fragment: Y.XmlFragment, known: readonly NumberRecord[]): NumberPlan {
  const byNumber = new Map(known.map((r) => [r.number, r]));
  const byItem = new Map(known.map((r) => [`${r.client}:${r.clock}`, r]));
  const elements = requirementElements(fragment);
  const alive = new Set(elements.map(itemKey));
  const taken = new Set<number>();
  const plan: NumberPlan = { assign: [], records: [] };
  const waiting: Y.XmlElement[] = [];
  const record = (element: Y.XmlElement, number: number) => {
    const id = element._item!.id;
    plan.records.push({ number, client: id.client, clock: id.clock });
  };

  for (const element of elements) {
    const key = itemKey(element);
    if (!key) continue;
    const current = requirementAttributes(element).number;
    const mine = byItem.get(key);
    if (mine && !taken.has(mine.number)) {
      taken.add(mine.number);
      if (current !== mine.number) plan.assign.push({ element, number: mine.number });
      continue;
    }
    if (current !== null && !taken.has(current)) {
      const owner = byNumber.get(current);
      const adoptable = !owner && known.length === 0;
      if (adoptable || (owner && !alive.has(`${owner.client}:${owner.clock}`))) {
        taken.add(current);
        record(element, current);
        continue;
      }
    }
    waiting.push(element);
  }

  let next = Math.max(0, ...known.map((r) => r.number), ...plan.records.map((r) => r.number)) + 1;
  for (const element of waiting) {
    plan.assign.push({ element, number: next });
    record(element, next);
    next++;
  }
  return plan;
}
