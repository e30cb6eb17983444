import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { engagementOf, newEngagement } from './doc-layout.js';
import { disclosureStanding, ensureDisclosureFields, readDisclosure, suppliersOf, suppliersText } from './engagement-disclosure.js';

describe('disclosure of what market engagement told suppliers', () => {
  it('flags only an advantage that is not yet disclosed to all', () => {
    expect(disclosureStanding({ advantage: 'yes', disclosed: false })).toBe('to-disclose');
    expect(disclosureStanding({ advantage: 'yes', disclosed: true })).toBe('disclosed');
    expect(disclosureStanding({ advantage: 'no', disclosed: false })).toBe('no-advantage');
    expect(disclosureStanding({ advantage: 'not-assessed', disclosed: true })).toBe('not-assessed');
  });

  it('reads a new activity as nothing shared and not yet assessed', () => {
    const doc = new Y.Doc();
    engagementOf(doc).push([newEngagement({ type: 'rfi', date: '2026-03-02' })]);
    expect(readDisclosure(engagementOf(doc).get(0))).toEqual({
      shared: '',
      advantage: 'not-assessed',
      advantageAction: '',
      disclosed: false,
      disclosedOn: '',
    });
  });

  it('reads an activity recorded before these fields existed with their defaults, and odd values as defaults', () => {
    const doc = new Y.Doc();
    const old = new Y.Map<unknown>();
    engagementOf(doc).push([old]);
    old.set('id', 'old');
    expect(readDisclosure(old)).toMatchObject({ advantage: 'not-assessed', disclosed: false, shared: '' });
    old.set('advantage', 'maybe');
    old.set('disclosed', 'yes');
    old.set('disclosedOn', '2 March');
    expect(readDisclosure(old)).toMatchObject({ advantage: 'not-assessed', disclosed: false, disclosedOn: '' });
  });

  it('adds the text fields an older activity lacks, once, keeping what is there', () => {
    const doc = new Y.Doc();
    const old = new Y.Map<unknown>();
    engagementOf(doc).push([old]);
    expect(ensureDisclosureFields(old)).toBe(true);
    (old.get('shared') as Y.Text).insert(0, 'The expected contract value');
    expect(ensureDisclosureFields(old)).toBe(false);
    expect(readDisclosure(old).shared).toBe('The expected contract value');
  });
});

describe('suppliers marked as SMEs', () => {
  it('reads each supplier with its mark, and writes them for the summary', () => {
    const doc = new Y.Doc();
    const entry = newEngagement({ type: 'rfi', date: '2026-03-02' });
    engagementOf(doc).push([entry]);
    (entry.get('suppliers') as Y.Array<string>).push(['Keystone Housing Systems', ' Brightfix Software ']);
    (entry.get('smes') as Y.Array<string>).push(['Brightfix Software', 'A supplier since removed']);
    expect(suppliersOf(entry)).toEqual([
      { name: 'Keystone Housing Systems', sme: false },
      { name: 'Brightfix Software', sme: true },
    ]);
    expect(suppliersText(suppliersOf(entry))).toBe('Keystone Housing Systems, Brightfix Software (SME)');
    expect(suppliersText([])).toBe('None recorded');
  });
});
