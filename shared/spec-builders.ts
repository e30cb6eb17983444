/**
 * Builds specification content as the editor stores it, for the server's starter
 * content and for tests. Marks are formatting attributes named after the mark.
 */
import * as Y from 'yjs';
import { specNodes, type Priority } from './doc-layout.js';

export type Inline = string | { text: string; bold?: boolean; italic?: boolean; link?: string };

/** Text after a formatted part would otherwise carry on its formatting: say none. */
const plain = { bold: null, italic: null, link: null } as unknown as Record<string, unknown>;

function inline(parts: Inline[]): Y.XmlText {
  const text = new Y.XmlText();
  let at = 0;
  for (const part of parts) {
    if (typeof part === 'string') {
      text.insert(at, part, plain);
      at += part.length;
      continue;
    }
    const marks: Record<string, unknown> = { ...plain };
    if (part.bold) marks.bold = {};
    if (part.italic) marks.italic = {};
    if (part.link) marks.link = { href: part.link, target: '_blank', rel: 'noopener noreferrer nofollow', class: null };
    text.insert(at, part.text, marks);
    at += part.text.length;
  }
  return text;
}

export function heading(level: 1 | 2 | 3, ...content: Inline[]): Y.XmlElement {
  const element = new Y.XmlElement(specNodes.heading);
  element.setAttribute('level', level as unknown as string);
  element.insert(0, [inline(content)]);
  return element;
}

export function paragraph(...content: Inline[]): Y.XmlElement {
  const element = new Y.XmlElement(specNodes.paragraph);
  if (content.length > 0) element.insert(0, [inline(content)]);
  return element;
}

export function bulletList(...items: Inline[][]): Y.XmlElement {
  const list = new Y.XmlElement(specNodes.bulletList);
  list.insert(
    0,
    items.map((item) => {
      const li = new Y.XmlElement(specNodes.listItem);
      li.insert(0, [paragraph(...item)]);
      return li;
    }),
  );
  return list;
}

export function table(header: string[], rows: string[][]): Y.XmlElement {
  const tableElement = new Y.XmlElement(specNodes.table);
  const row = (cells: string[], cellType: string) => {
    const tr = new Y.XmlElement(specNodes.tableRow);
    tr.insert(
      0,
      cells.map((cell) => {
        const td = new Y.XmlElement(cellType);
        td.setAttribute('colspan', 1 as unknown as string);
        td.setAttribute('rowspan', 1 as unknown as string);
        td.insert(0, [paragraph(cell)]);
        return td;
      }),
    );
    return tr;
  };
  tableElement.insert(0, [row(header, specNodes.tableHeader), ...rows.map((r) => row(r, specNodes.tableCell))]);
  return tableElement;
}

/** A requirement block. Only the server passes a number; browsers leave it null. */
export function requirement(
  options: { number: number | null; priority: Priority; appliesTo?: string[] },
  ...paragraphs: Inline[][]
): Y.XmlElement {
  const element = new Y.XmlElement(specNodes.requirement);
  element.setAttribute('number', options.number as unknown as string);
  element.setAttribute('priority', options.priority);
  element.setAttribute('appliesTo', (options.appliesTo ?? []) as unknown as string);
  element.insert(
    0,
    paragraphs.map((p) => paragraph(...p)),
  );
  return element;
}
