import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startingDecisions } from './decision-templates.js';
import {
  decisionsOf,
  formatRequirementId,
  newDecision,
  newEngagement,
  plainText,
  requirementAttributes,
  requirementElements,
  specificationOf,
} from './doc-layout.js';
import { bulletList, heading, paragraph, requirement } from './spec-builders.js';

describe('the document layout', () => {
  it('formats requirement ids with three digits, and says when the number is still to come', () => {
    expect(formatRequirementId(7)).toBe('REQ-007');
    expect(formatRequirementId(1234)).toBe('REQ-1234');
    expect(formatRequirementId(null)).toBe('REQ-new');
  });

  it('reads requirement attributes, tolerating whatever a client wrote', () => {
    const doc = new Y.Doc();
    const spec = specificationOf(doc);
    const odd = new Y.XmlElement('requirement');
    spec.insert(0, [requirement({ number: 3, priority: 'should', appliesTo: ['camden'] }, ['text']), odd]);
    odd.setAttribute('number', 'three');
    odd.setAttribute('priority', 'urgent');
    odd.setAttribute('appliesTo', [1, 'hackney'] as unknown as string);
    const [first, second] = requirementElements(spec);
    expect(requirementAttributes(first!)).toEqual({ number: 3, priority: 'should', appliesTo: ['camden'] });
    expect(requirementAttributes(second!)).toEqual({ number: null, priority: 'must', appliesTo: ['hackney'] });
  });

  it('finds requirements nested anywhere in the specification, in order', () => {
    const doc = new Y.Doc();
    const wrapper = new Y.XmlElement('blockquote');
    wrapper.insert(0, [requirement({ number: 2, priority: 'must' }, ['inner'])]);
    specificationOf(doc).insert(0, [requirement({ number: 1, priority: 'must' }, ['outer']), wrapper]);
    expect(requirementElements(specificationOf(doc)).map((e) => requirementAttributes(e).number)).toEqual([1, 2]);
  });

  it('gives plain text of rich text: inline runs joined, blocks on their own lines', () => {
    const doc = new Y.Doc();
    const spec = specificationOf(doc);
    spec.insert(0, [heading(2, 'Scope'), paragraph('One ', { text: 'bold', bold: true }, ' word.'), bulletList(['a'], ['b'])]);
    expect(plainText(spec)).toBe('Scope\nOne bold word.\na\nb');
  });

  it('makes decisions and activities with every field in its type', () => {
    const doc = new Y.Doc();
    decisionsOf(doc).push(startingDecisions.map((d) => newDecision(d)));
    const [form] = decisionsOf(doc).toArray();
    expect((form!.get('title') as Y.Text).toString()).toBe('Form of joint procurement');
    expect((form!.get('options') as Y.Array<Y.Map<unknown>>).length).toBe(3);
    expect(form!.get('rationale')).toBeInstanceOf(Y.XmlFragment);
    expect(form!.get('chosenOptionId')).toBeNull();
    const activity = newEngagement({ type: 'supplier-day', date: '2026-11-25', title: 'Supplier day' });
    doc.getArray('engagement').push([activity]);
    expect(activity.get('suppliers')).toBeInstanceOf(Y.Array);
    expect(activity.get('summary')).toBeInstanceOf(Y.XmlFragment);
    expect((activity.get('title') as Y.Text).toString()).toBe('Supplier day');
    expect(startingDecisions.map((d) => d.topic)).toEqual(['form', 'governance', 'route']);
  });
});

describe('building specification text', () => {
  it('formats only the parts marked, not the text after them', () => {
    const doc = new Y.Doc();
    specificationOf(doc).insert(0, [paragraph('a ', { text: 'b', bold: true }, ' c')]);
    const text = (specificationOf(doc).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    expect(text.toDelta()).toEqual([{ insert: 'a ' }, { insert: 'b', attributes: { bold: {} } }, { insert: ' c' }]);
  });
});
