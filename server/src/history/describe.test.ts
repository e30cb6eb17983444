/**
 * Specifies what a version's summary counts: real Yjs transactions, made in a browser's
 * document and applied to a server's (never garbage-collected) as the server applies
 * them, are described thing by thing and grouped into versions, then said in words
 * ("3 requirements edited, 1 added"). Typing is not counted per keystroke, a thing added
 * and then edited is added, numbering is the server's and no person's edit, and a
 * restore that puts a requirement back edits it.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { decisionsOf, engagementOf, newDecision, newEngagement, specificationOf } from '../../../shared/doc-layout.js';
import { bulletList, heading, paragraph, requirement, table } from '../../../shared/spec-builders.js';
import { describeTransaction, type ChangeDescription } from './describe.js';
import { emptyGrouping, VersionGrouper, type ThingChanges } from './grouping.js';
import { restoreUpdate } from './restore.js';
import { describeChanges, entryLabels } from './timeline.js';

/** A browser editing, and the server applying each of its updates and describing it. */
class Session {
  readonly server = new Y.Doc({ gc: false });
  readonly browser = new Y.Doc();
  private seq = 0;
  private readonly grouper = new VersionGrouper(null, emptyGrouping());

  constructor() {
    this.edit((doc) => {
      specificationOf(doc).insert(0, [
        heading(2, 'Introduction'),
        paragraph('Hackney and Camden are buying together.'),
        paragraph('Residents report repairs.'),
        requirement({ number: 1, priority: 'must' }, ['Report a repair online.']),
        requirement({ number: 2, priority: 'should' }, ['Book an appointment.']),
        requirement({ number: 3, priority: 'could' }, ['Track a repair.']),
        requirement({ number: 4, priority: 'must' }, ['Rate the repair.']),
        table(['Borough', 'Homes'], [['Hackney', '30,000']]),
      ]);
      engagementOf(doc).push([newEngagement({ type: 'supplier-day', date: '2026-11-20', title: 'Supplier day' })]);
      decisionsOf(doc).push([newDecision({ topic: 'form', title: 'Form of joint procurement', question: 'How?' })]);
    });
  }

  /** Makes a change in the browser; returns what the server made of it. */
  edit(change: (doc: Y.Doc) => void): ChangeDescription {
    let update: Uint8Array | null = null;
    const take = (u: Uint8Array) => (update = u);
    this.browser.on('update', take);
    Y.transact(this.browser, () => change(this.browser));
    this.browser.off('update', take);
    return this.apply(update!);
  }

  /** Applies an update on the server as the server does, describing the transaction once it has ended. */
  apply(update: Uint8Array): ChangeDescription {
    let transaction: Y.Transaction | null = null;
    Y.transact(this.server, (tr) => {
      transaction = tr;
      Y.applyUpdate(this.server, update);
    });
    const description = describeTransaction(transaction!);
    // One version for the whole session: every change comes a second after the last.
    this.seq++;
    this.grouper.add({
      seq: this.seq,
      authorId: 'ada',
      boroughId: 'hackney',
      receivedAt: this.seq * 1000,
      bytes: update.byteLength,
      areas: description.areas,
      restoreOf: null,
      changes: description.changes,
    });
    Y.applyUpdate(this.browser, update);
    return description;
  }

  /** A change the server makes itself, from a copy of its document under its own client id. */
  serverChange(change: (doc: Y.Doc) => void): ChangeDescription {
    const copy = new Y.Doc({ gc: false });
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(this.server));
    let update: Uint8Array | null = null;
    copy.on('update', (u: Uint8Array) => (update = u));
    Y.transact(copy, () => change(copy));
    copy.destroy();
    return this.apply(update!);
  }

  /** Starts counting afresh: what follows is a new version. */
  newVersion(): void {
    this.grouper.open = null;
  }

  /** What the open version changed, in words. */
  summary(): string[] {
    return describeChanges(this.version(), entryLabels(this.server));
  }

  version(): ThingChanges {
    return this.grouper.open?.changes ?? { things: {}, numbered: [] };
  }

  block(index: number): Y.XmlElement {
    return specificationOf(this.browser).get(index) as Y.XmlElement;
  }

  /** The text of a paragraph, or of a requirement's first paragraph. */
  text(index: number): Y.XmlText {
    const block = this.block(index);
    const inner = block.nodeName === 'requirement' ? (block.get(0) as Y.XmlElement) : block;
    return inner.get(0) as Y.XmlText;
  }
}

/** A fresh session whose starting document is a version of its own, already closed. */
function session(): Session {
  const s = new Session();
  s.newVersion();
  return s;
}

/** Types text one character per transaction, as a person does. */
function type(s: Session, index: number, text: string): void {
  for (const character of text) s.edit(() => s.text(index).insert(s.text(index).length, character));
}

describe('what a transaction did, thing by thing', () => {
  it('counts the starting document as everything added', () => {
    const s = new Session();
    expect(s.summary()).toEqual([
      '4 requirements added',
      '1 heading added',
      '2 paragraphs added',
      '1 table added',
      '1 engagement activity added',
      'decision ‘Form of joint procurement’ added',
    ]);
  });

  it('counts a requirement typed into, keystroke by keystroke, once', () => {
    const s = session();
    type(s, 3, ' Any time of day.');
    expect(s.summary()).toEqual(['1 requirement edited']);
  });

  it('counts three requirements edited and one added, with its number given by the server', () => {
    const s = session();
    type(s, 3, ' Now.');
    type(s, 4, ' Soon.');
    s.edit(() => s.block(5).setAttribute('priority', 'must'));
    const added = s.edit((doc) => specificationOf(doc).insert(7, [requirement({ number: null, priority: 'should' }, ['Pay online.'])]));
    expect(Object.values(added.changes.things)).toEqual(['added']);
    const numbered = s.serverChange((doc) => (specificationOf(doc).get(7) as Y.XmlElement).setAttribute('number', 5 as unknown as string));
    expect(numbered.changes).toEqual({ things: {}, numbered: Object.keys(added.changes.things) });
    type(s, 7, ' By card.');
    expect(s.summary()).toEqual(['3 requirements edited, 1 added']);
    expect(s.version().numbered).toHaveLength(1);
  });

  it('counts a priority or applies-to change as the requirement edited', () => {
    const s = session();
    const change = s.edit(() => s.block(3).setAttribute('appliesTo', ['camden'] as unknown as string));
    expect(Object.entries(change.changes.things)).toEqual([[expect.stringMatching(/^requirement:/), 'edited']]);
    expect(change.changes.numbered).toEqual([]);
  });

  it('counts paragraphs and headings edited, and the paragraphs of a list added', () => {
    const s = session();
    type(s, 1, ' Today.');
    type(s, 2, ' Quickly.');
    type(s, 0, ' and scope');
    s.edit((doc) => specificationOf(doc).insert(3, [bulletList(['Online'], ['By phone'])]));
    expect(s.summary()).toEqual(['1 heading edited', '2 paragraphs edited, 2 added']);
  });

  it('counts an edit inside a table as the table edited', () => {
    const s = session();
    const cell = (((s.block(7).get(1) as Y.XmlElement).get(1) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    s.edit(() => cell.insert(0, 'About '));
    expect(s.summary()).toEqual(['1 table edited']);
  });

  it('counts deleting text as an edit, even when Yjs merges the deletion into an earlier one', () => {
    const s = session();
    const backspace = () => s.edit(() => s.text(1).delete(s.text(1).length - 1, 1));
    backspace();
    s.newVersion();
    // This deletion joins the item deleted a moment ago, in the last version.
    expect(Object.values(backspace().changes.things)).toEqual(['edited']);
    expect(s.summary()).toEqual(['1 paragraph edited']);
  });

  it('counts a paragraph removed, and nothing for one added and removed again in the same version', () => {
    const s = session();
    s.edit((doc) => specificationOf(doc).delete(2, 1));
    s.edit((doc) => specificationOf(doc).insert(1, [paragraph('A second thought.')]));
    type(s, 1, ' On reflection.');
    s.edit((doc) => specificationOf(doc).delete(1, 1));
    expect(s.summary()).toEqual(['1 paragraph removed']);
  });

  it('counts engagement activities added, edited and removed by their entries', () => {
    const s = session();
    const entry = () => engagementOf(s.browser).get(0);
    s.edit(() => (entry().get('title') as Y.Text).insert(0, 'First '));
    s.edit(() => entry().set('date', '2026-11-21'));
    s.edit((doc) => engagementOf(doc).push([newEngagement({ type: 'rfi', date: '2026-12-01' })]));
    expect(s.summary()).toEqual(['1 engagement activity edited, 1 added']);

    const id = entry().get('id') as string;
    const removed = s.edit((doc) => engagementOf(doc).delete(0, 1));
    expect(removed.changes.things).toEqual({ [`engagement:${id}`]: 'removed' });
    expect(removed.areas).toEqual([`engagement:${id}`]);
  });

  it('names a decision edited by its title, and counts many', () => {
    const s = session();
    s.edit(() => (decisionsOf(s.browser).get(0).get('question') as Y.Text).insert(0, 'Really: '));
    expect(s.summary()).toEqual(['decision ‘Form of joint procurement’ edited']);
    for (const title of ['Governance', 'Route to market'])
      s.edit((doc) => decisionsOf(doc).push([newDecision({ topic: 'other', title, question: '' })]));
    expect(s.summary()).toEqual(['1 decision edited, 2 added']);
  });

  it('sees the server’s numbering as numbering, not as anyone’s edit', () => {
    const s = session();
    const numbered = s.serverChange((doc) => (specificationOf(doc).get(3) as Y.XmlElement).setAttribute('number', 9 as unknown as string));
    expect(numbered.changes.things).toEqual({});
    expect(numbered.changes.numbered).toEqual([expect.stringMatching(/^requirement:/)]);
    expect(s.summary()).toEqual([]);
  });

  it('counts a requirement put back by a restore as edited, not removed and added', () => {
    const s = session();
    const then = Y.snapshot(s.server);
    type(s, 4, ' Online.');
    s.newVersion();
    const target = Y.createDocFromSnapshot(s.server, then, new Y.Doc({ gc: false }));
    const restored = s.apply(restoreUpdate(Y.encodeStateAsUpdate(s.server), target)!);
    expect(Object.values(restored.changes.things)).toEqual(['edited']);
    expect(s.summary()).toEqual(['1 requirement edited']);
  });
});
