import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { requirementAttributes, requirementElements, specificationOf } from './doc-layout.js';
import { itemKey, planRequirementNumbers, type NumberRecord } from './requirement-numbering.js';
import { paragraph, requirement } from './spec-builders.js';

/** What the server does: plan, record, and write the numbers into the document. */
function numberAll(doc: Y.Doc, records: NumberRecord[]): NumberRecord[] {
  const plan = planRequirementNumbers(specificationOf(doc), records);
  doc.transact(() => {
    for (const { element, number } of plan.assign) element.setAttribute('number', number as unknown as string);
  });
  const byNumber = new Map(records.map((r) => [r.number, r]));
  for (const r of plan.records) byNumber.set(r.number, r);
  return [...byNumber.values()];
}

function numbersIn(doc: Y.Doc): (number | null)[] {
  return requirementElements(specificationOf(doc)).map((e) => requirementAttributes(e).number);
}

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

const newRequirement = (text: string) => requirement({ number: null, priority: 'must' }, [text]);

describe('requirement numbering', () => {
  it('gives two requirements added at the same moment on two documents distinct numbers', () => {
    const server = new Y.Doc();
    specificationOf(server).insert(0, [paragraph('Requirements')]);
    const alice = new Y.Doc();
    const bob = new Y.Doc();
    sync(server, alice);
    sync(server, bob);
    // Both add one, concurrently, before either sees the other's.
    specificationOf(alice).insert(1, [newRequirement('From Alice')]);
    specificationOf(bob).insert(1, [newRequirement('From Bob')]);
    sync(alice, server);
    sync(bob, server);
    const records = numberAll(server, []);
    sync(server, alice);
    sync(server, bob);
    expect(new Set(numbersIn(server))).toEqual(new Set([1, 2]));
    expect(numbersIn(alice)).toEqual(numbersIn(server));
    expect(numbersIn(bob)).toEqual(numbersIn(server));
    expect(records).toHaveLength(2);
  });

  it('never renumbers when others move or go, and never reuses a number', () => {
    const doc = new Y.Doc();
    const spec = specificationOf(doc);
    spec.insert(0, [newRequirement('one'), newRequirement('two'), newRequirement('three')]);
    let records = numberAll(doc, []);
    expect(numbersIn(doc)).toEqual([1, 2, 3]);
    spec.delete(0, 1); // REQ-001 goes
    records = numberAll(doc, records);
    expect(numbersIn(doc)).toEqual([2, 3]);
    spec.insert(0, [newRequirement('four')]);
    numberAll(doc, records);
    expect(numbersIn(doc)).toEqual([4, 2, 3]);
  });

  it('keeps the number of a requirement cut and pasted elsewhere, and gives a copy a new one', () => {
    const doc = new Y.Doc();
    const spec = specificationOf(doc);
    spec.insert(0, [newRequirement('one'), paragraph('between'), newRequirement('two')]);
    let records = numberAll(doc, []);
    // Cut REQ-001 and paste it at the end: the editor deletes it and inserts a copy.
    const cut = spec.get(0) as Y.XmlElement;
    const pasted = cut.clone();
    doc.transact(() => {
      spec.delete(0, 1);
      spec.insert(spec.length, [pasted]);
    });
    records = numberAll(doc, records);
    expect(numbersIn(doc)).toEqual([2, 1]);
    // Copy REQ-002 (the original stays): the copy gets the next number.
    const copy = (spec.get(1) as Y.XmlElement).clone();
    spec.insert(0, [copy]);
    records = numberAll(doc, records);
    expect(numbersIn(doc)).toEqual([3, 2, 1]);
    expect(records.map((r) => r.number).sort()).toEqual([1, 2, 3]);
  });

  it('adopts numbers written before records were kept, and restores a number someone erased', () => {
    const doc = new Y.Doc();
    const spec = specificationOf(doc);
    spec.insert(0, [requirement({ number: 7, priority: 'must' }, ['seeded']), newRequirement('new')]);
    let records = numberAll(doc, []);
    expect(numbersIn(doc)).toEqual([7, 8]);
    (spec.get(0) as Y.XmlElement).setAttribute('number', 99 as unknown as string);
    records = numberAll(doc, records);
    expect(numbersIn(doc)).toEqual([7, 8]);
    expect(records.find((r) => r.number === 7)).toMatchObject({ clock: (spec.get(0) as Y.XmlElement)._item!.id.clock });
    expect(itemKey(spec.get(0) as Y.XmlElement)).not.toBe('');
  });

  it('gives a requirement pasted from elsewhere, with a number never given here, the next number', () => {
    const doc = new Y.Doc();
    const spec = specificationOf(doc);
    spec.insert(0, [newRequirement('one')]);
    let records = numberAll(doc, []);
    spec.insert(1, [requirement({ number: 50, priority: 'should' }, ['from another procurement'])]);
    records = numberAll(doc, records);
    expect(numbersIn(doc)).toEqual([1, 2]);
    expect(records).toHaveLength(2);
  });
});
