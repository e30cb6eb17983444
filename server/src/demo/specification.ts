/**
 * The demo specification: the first draft Hackney started the procurement with, and
 * the ways people change its text in a browser (the past's edits in past.ts take it to
 * the specification as it is now).
 */
import * as Y from 'yjs';
import { plainText, requirementAttributes, requirementElements, specificationOf, specNodes } from '../../../shared/doc-layout.js';
import { bulletList, heading, paragraph, requirement, table } from '../../../shared/spec-builders.js';

/** Hackney's first draft: the starting document of the demo procurement. */
export function firstDraft(fragment: Y.XmlFragment): void {
  let n = 0;
  const next = () => ++n;
  fragment.insert(0, [
    heading(2, 'Introduction'),
    paragraph('Hackney and Camden are buying a case management system for housing repairs together.'),
    heading(2, 'Scope'),
    bulletList(
      ['Reporting, triage and scheduling of responsive repairs in council homes.'],
      ['Work orders to in-house teams and contractors, with appointments residents can manage.'],
    ),
    heading(2, 'Requirements'),
    heading(3, 'Reporting a repair'),
    requirement({ number: next(), priority: 'must' }, [
      'Residents must be able to report a repair online and by phone, and get a reference number straight away.',
    ]),
    requirement({ number: next(), priority: 'must' }, [
      'The system must meet the Web Content Accessibility Guidelines (WCAG) 2.1 at level AA.',
    ]),
    requirement({ number: next(), priority: 'could' }, ['Residents could attach photos of the problem when they report it.']),
    heading(3, 'Scheduling and appointments'),
    requirement({ number: next(), priority: 'must' }, [
      'The system must offer residents appointment slots from the operative’s live diary.',
    ]),
    heading(2, 'Service levels'),
    table(
      ['Priority', 'Attend within', 'Complete within'],
      [
        ['Emergency', '4 hours', '24 hours'],
        ['Urgent', '3 working days', '7 working days'],
        ['Routine', '20 working days', '30 working days'],
      ],
    ),
  ]);
}

/** Every piece of text in the specification, in reading order. */
function texts(parent: Y.XmlFragment | Y.XmlElement, into: Y.XmlText[] = []): Y.XmlText[] {
  for (const child of parent.toArray()) {
    if (child instanceof Y.XmlText) into.push(child);
    else if (child instanceof Y.XmlElement) texts(child, into);
  }
  return into;
}

/** The one piece of the specification's text that contains `words`, and where they start in it. */
export function textWith(doc: Y.Doc, words: string): { text: Y.XmlText; at: number } {
  const found = texts(specificationOf(doc)).filter((text) => plainText(text).includes(words));
  if (found.length !== 1) throw new Error(`“${words}” is in ${found.length} places of the demo specification, not one.`);
  const text = found[0]!;
  return { text, at: plainText(text).indexOf(words) };
}

/** Puts the caret just after `words` in the specification and types `typed`. */
export function typeAfter(doc: Y.Doc, words: string, typed: string): void {
  const { text, at } = textWith(doc, words);
  text.insert(at + words.length, typed);
}

/** Types `typed` at the end of the text that contains `within`. */
export function typeAtEnd(doc: Y.Doc, within: string, typed: string): void {
  const { text } = textWith(doc, within);
  text.insert(text.length, typed);
}

/** Selects `words` (the first of them within `context`, if given) and types `typed` over them. */
export function typeOver(doc: Y.Doc, words: string, typed: string, context = words): void {
  const { text, at } = textWith(doc, context);
  const start = at + context.indexOf(words);
  if (start < at) throw new Error(`“${words}” is not in “${context}”.`);
  text.delete(start, words.length);
  text.insert(start, typed);
}

/** The requirement element numbered `number`. */
export function requirementNumbered(doc: Y.Doc, number: number): Y.XmlElement {
  const found = requirementElements(specificationOf(doc)).find((e) => requirementAttributes(e).number === number);
  if (!found) throw new Error(`The demo specification has no requirement ${number}.`);
  return found;
}

/** The index in the specification of the top-level block that contains `words`. */
function blockIndexWith(doc: Y.Doc, words: string): number {
  const blocks = specificationOf(doc).toArray();
  const index = blocks.findIndex((block) => block instanceof Y.XmlElement && plainText(block).includes(words));
  if (index === -1) throw new Error(`“${words}” is not in the demo specification.`);
  return index;
}

/** Adds `blocks` (headings, requirements…) just after the block that contains `words`. */
export function addAfter(doc: Y.Doc, words: string, blocks: Y.XmlElement[]): void {
  specificationOf(doc).insert(blockIndexWith(doc, words) + 1, blocks);
}

/** Adds an item saying `text` at the end of the list that contains `words`. */
export function addListItem(doc: Y.Doc, words: string, text: string): void {
  const list = specificationOf(doc).get(blockIndexWith(doc, words)) as Y.XmlElement;
  const item = new Y.XmlElement(specNodes.listItem);
  item.insert(0, [paragraph(text)]);
  list.push([item]);
}
