/**
 * Suggested changes in the specification's Word file, against a real demo server: asked
 * for (`suggestions=include`), each open suggestion is a Word tracked change by
 * "Name (Borough)" at the time it was begun, which Word accepts or rejects like its own;
 * otherwise every export reads as with the suggestions accepted, with no trace of them.
 */
import { writeFileSync } from 'node:fs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { plainText, specNodes, specificationOf } from '../../shared/doc-layout.js';
import { paragraph } from '../../shared/spec-builders.js';
import { newSuggestionId, blockSuggestionsAttribute } from '../../shared/suggestions.js';
import { requirementNumbered } from '../src/demo/specification.js';
import { startDemoWorld, type DemoWorld } from './support/demo-world.js';
import { TestClock } from './support/test-clock.js';

let world: DemoWorld;
let path: string;

/** When each suggestion was begun: the day before the export, in whole seconds. */
const priyaBegan = Date.parse('2026-11-24T09:30:00Z');
const tomBegan = Date.parse('2026-11-24T11:05:00Z');
const tomProposedRequirement = Date.parse('2026-11-24T11:20:00Z');
const tomProposedPriority = Date.parse('2026-11-24T11:45:00Z');

const newRequirementWords = 'Suppliers must provide a test environment for each borough.';

/** Writes a change into the live document as a person, through the engine like a browser's edit. */
async function editAs(userId: string, change: (doc: Y.Doc) => void): Promise<void> {
  const id = world.procurementId;
  const copy = new Y.Doc();
  Y.applyUpdate(copy, await world.server.engine.readDocument(id, (doc) => Y.encodeStateAsUpdate(doc)));
  const before = Y.encodeStateVector(copy);
  change(copy);
  await world.server.engine.submit(id, Y.encodeStateAsUpdate(copy, before), userId, { reason: 'edit' });
  copy.destroy();
}

const textOf = (requirement: Y.XmlElement) => (requirement.get(0) as Y.XmlElement).get(0) as Y.XmlText;

/** The file as the lead downloads it, with its parts read back. */
async function download(query: string): Promise<{ zip: JSZip; xml: string }> {
  const response = await fetch(`${world.server.url}${path}/export/specification.docx${query}`, {
    headers: { cookie: world.lead.cookie! },
  });
  expect(response.status).toBe(200);
  const zip = await JSZip.loadAsync(Buffer.from(await response.arrayBuffer()));
  return { zip, xml: await zip.file('word/document.xml')!.async('string') };
}

interface TrackedChange {
  kind: 'ins' | 'del';
  id: string;
  author: string;
  date: string;
  text: string;
}

/** Every Word insertion and deletion in document.xml, with the words it holds. */
function trackedChanges(xml: string): TrackedChange[] {
  return [...xml.matchAll(/<w:(ins|del) ([^>]*)>([\s\S]*?)<\/w:\1>/g)].map(([, kind, attributes, inner]) => {
    const attribute = (name: string) => new RegExp(`w:${name}="([^"]*)"`).exec(attributes!)?.[1] ?? '';
    return {
      kind: kind as 'ins' | 'del',
      id: attribute('id'),
      author: attribute('author'),
      date: attribute('date'),
      text: [...inner!.matchAll(/<w:(?:t|delText)(?: [^>]*)?>([^<]*)<\/w:(?:t|delText)>/g)].map((m) => m[1]).join(''),
    };
  });
}

/** The words of the document's paragraphs, deleted ones included (w:delText). */
const wordsOf = (xml: string) => [...xml.matchAll(/<w:(?:t|delText)(?: [^>]*)?>([^<]*)</g)].map((m) => m[1]).join('');

beforeAll(async () => {
  world = await startDemoWorld({ clock: new TestClock({ ticking: false }) });
  path = `/api/procurements/${world.procurementId}`;
  const { lead, editor } = world.userIds;

  // Priya proposes taking out "AA" of REQ-002, and Tom proposes "AAA" in its place.
  await editAs(lead, (doc) => {
    const text = textOf(requirementNumbered(doc, 2));
    expect(plainText(text)).toContain('(WCAG) 2.2 at level AA for every page');
    text.format(plainText(text).indexOf(' AA ') + 1, 2, { deletion: { id: newSuggestionId(lead, priyaBegan, 'wcag1') } });
  });
  await editAs(editor, (doc) => {
    const text = textOf(requirementNumbered(doc, 2));
    const id = newSuggestionId(editor, tomBegan, 'wcag2');
    text.insert(plainText(text).indexOf(' AA ') + 3, 'AAA', { insertion: { id } });
    // Where Tom split a paragraph while suggesting, the editor left its zero-width marker.
    const another = textOf(requirementNumbered(doc, 4));
    another.insert(0, '\u200B', { insertion: { id } });
  });
  // Tom proposes a whole new requirement after REQ-004, and REQ-003 as a Must.
  await editAs(editor, (doc) => {
    const proposed = new Y.XmlElement(specNodes.requirement);
    proposed.setAttribute('priority', 'should');
    proposed.setAttribute('appliesTo', [] as unknown as string);
    proposed.setAttribute(blockSuggestionsAttribute, [
      { type: 'insertion', attrs: { id: newSuggestionId(editor, tomProposedRequirement, 'newreq') } },
    ] as unknown as string);
    proposed.insert(0, [paragraph(newRequirementWords)]);
    const fragment = specificationOf(doc);
    const after = fragment.toArray().indexOf(requirementNumbered(doc, 4));
    fragment.insert(after + 1, [proposed]);

    const three = requirementNumbered(doc, 3);
    expect(three.getAttribute('priority')).toBe('should');
    three.setAttribute('priority', 'must');
    // A block's suggestion marks are in its list of suggestions (shared/suggestions.ts).
    three.setAttribute(blockSuggestionsAttribute, [
      {
        type: 'modification',
        attrs: {
          id: newSuggestionId(editor, tomProposedPriority, 'must'),
          type: 'attr',
          attrName: 'priority',
          previousValue: 'should',
          newValue: 'must',
        },
      },
    ] as unknown as string);
  });
}, 60_000);

afterAll(async () => {
  await world?.server.remove();
});

describe('the Word file for review', () => {
  it('shows Tom’s insertion and Priya’s deletion as Word tracked changes under their names, boroughs and times', async () => {
    const { zip, xml } = await download('?suggestions=include&comments=include');
    if (process.env.KEEP_REVIEW_DOCX) writeFileSync(process.env.KEEP_REVIEW_DOCX, await zip.generateAsync({ type: 'nodebuffer' }));
    const changes = trackedChanges(xml);
    expect(changes).toContainEqual({
      kind: 'del',
      id: expect.any(String),
      author: 'Priya Shah (Hackney)',
      date: '2026-11-24T09:30:00Z',
      text: 'AA',
    });
    expect(changes).toContainEqual({
      kind: 'ins',
      id: expect.any(String),
      author: 'Tom Okafor (Camden)',
      date: '2026-11-24T11:05:00Z',
      text: 'AAA',
    });
    // In the order of the text: the words taken out, then those put in their place.
    expect(wordsOf(xml)).toContain('at level AAAAA for every page');
    // Each change its own id, none shared with a comment.
    const ids = changes.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const commentIds = [...xml.matchAll(/<w:commentRangeStart w:id="(\d+)"/g)].map((m) => m[1]);
    expect(commentIds.length).toBeGreaterThan(0);
    expect(ids.filter((id) => commentIds.includes(id))).toEqual([]);
  });

  it('leaves out the marker the editor writes where a paragraph was split', async () => {
    const { xml } = await download('?suggestions=include');
    expect(xml).not.toContain('\u200B');
    expect(trackedChanges(xml).every((c) => c.text !== '')).toBe(true);
  });

  it('shows a proposed requirement as inserted, and a proposed priority as the old one deleted and the new inserted', async () => {
    const { xml } = await download('?suggestions=include');
    const changes = trackedChanges(xml);
    const byTomAt = (date: string) => changes.filter((c) => c.author === 'Tom Okafor (Camden)' && c.date === date);
    const proposed = byTomAt('2026-11-24T11:20:00Z');
    expect(proposed.every((c) => c.kind === 'ins')).toBe(true);
    expect(proposed.map((c) => c.text)).toContain(newRequirementWords);
    expect(proposed.map((c) => c.text).join('')).toContain('Priority: Should');
    expect(byTomAt('2026-11-24T11:45:00Z').map((c) => [c.kind, c.text])).toEqual([
      ['del', 'Should'],
      ['ins', 'Must'],
    ]);
  });

  it('gives the same revision ids to the same document, so a second download matches the first', async () => {
    const first = trackedChanges((await download('?suggestions=include')).xml);
    const second = trackedChanges((await download('?suggestions=include')).xml);
    expect(first.length).toBeGreaterThan(4);
    expect(second).toEqual(first);
  });

  it('keeps tracked changes in a borough’s tender pack, without the other borough’s requirements', async () => {
    const { xml } = await download('?suggestions=include&borough=camden');
    expect(trackedChanges(xml).map((c) => c.text)).toEqual(expect.arrayContaining(['AA', 'AAA', newRequirementWords]));
    expect(xml).not.toContain('(Hackney variation)');
    expect(xml).toContain('(Camden variation)');
  });

  it('refuses a choice that is not include or omit', async () => {
    const response = await world.lead.get(`${path}/export/specification.docx?suggestions=yes`);
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toContain('suggestions=include or suggestions=omit');
  });
});

describe('every other export', () => {
  it('reads as with the suggestions accepted: no tracked changes, proposed words in, words proposed for removal out', async () => {
    for (const query of ['', '?suggestions=omit', '?borough=camden']) {
      const { xml } = await download(query);
      expect(trackedChanges(xml)).toEqual([]);
      expect(xml).not.toMatch(/<w:(ins|del)\b|w:delText/);
      expect(wordsOf(xml)).toContain('at level AAA for every page');
      expect(xml).not.toContain('\u200B');
      expect(wordsOf(xml)).toContain(newRequirementWords);
    }
    // Markdown and the printable page have no tracked changes: the same reading, even when asked.
    for (const file of ['specification.md?suggestions=include', 'specification.html']) {
      const response = await fetch(`${world.server.url}${path}/export/${file}`, { headers: { cookie: world.lead.cookie! } });
      const text = await response.text();
      expect(text).toContain('at level AAA for every page');
      expect(text).not.toContain('AAAAA');
      expect(text).not.toContain('\u200B');
    }
  });
});
