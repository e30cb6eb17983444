/**
 * Reads rich text from the live document (the specification, or a smaller rich-text
 * field) into the content model's blocks and runs of formatted text.
 *
 * Reading is tolerant: the document is written by browsers, so a missing or odd field
 * becomes an empty value rather than an error, and a node the model does not know
 * keeps its text (its children are read as blocks) instead of disappearing.
 */
import * as Y from 'yjs';
import { formatRequirementId, isXmlElement, requirementAttributes, specificationOf, specNodes } from '../../../shared/doc-layout.js';
import { isAnchorAttribute } from '../comments/anchor.js';
import { plainRun, type Block, type Run, type TableCell } from './content.js';

// ---- inline text -------------------------------------------------------------------

const safeSchemes = /^(https?:|mailto:|tel:)/i;

/**
 * The link's address when it is one a reader can safely follow; null otherwise, so a
 * `javascript:` or `data:` address typed into the document never becomes a live link.
 */
export function safeHref(value: unknown): string | null {
  const href = typeof value === 'string' ? value.trim() : '';
  if (!href || href.length > 2048) return null;
  if (safeSchemes.test(href)) return href;
  // The editor adds https:// to bare addresses, but older content may lack it.
  if (/^www\./i.test(href)) return `https://${href}`;
  return null;
}

/** Whether a formatting attribute is on: y-prosemirror stores a mark as its attrs object. */
const markOn = (value: unknown) => value !== undefined && value !== null && value !== false;

function linkOf(value: unknown): string | null {
  if (!markOn(value)) return null;
  if (typeof value === 'object') return safeHref((value as { href?: unknown }).href);
  return safeHref(value);
}

/** The comment threads anchored on a stretch of text (see comments/anchor.ts), sorted. */
function threadsOf(attributes: Record<string, unknown>): string[] {
  const ids: string[] = [];
  for (const [name, value] of Object.entries(attributes)) {
    const threadId = (value as { threadId?: unknown } | null)?.threadId;
    if (isAnchorAttribute(name) && typeof threadId === 'string') ids.push(threadId);
  }
  return ids.sort();
}

function runsOfText(text: Y.XmlText): Run[] {
  const runs: Run[] = [];
  for (const delta of text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
    if (typeof delta.insert !== 'string' || delta.insert === '') continue;
    const a = delta.attributes ?? {};
    const threads = threadsOf(a);
    runs.push({
      text: delta.insert,
      bold: markOn(a.bold),
      italic: markOn(a.italic),
      underline: markOn(a.underline),
      strike: markOn(a.strike),
      link: linkOf(a.link),
      ...(threads.length > 0 ? { threads } : {}),
    });
  }
  return runs;
}

/** The runs of a text block; inline nodes (a hard break) become "\n". */
function inlineRuns(element: Y.XmlElement | Y.XmlFragment): Run[] {
  const runs: Run[] = [];
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) runs.push(...runsOfText(child));
    else if (child instanceof Y.XmlElement) {
      if (child.nodeName === 'hardBreak') runs.push(plainRun('\n'));
      else runs.push(...inlineRuns(child));
    }
  }
  return mergeRuns(runs);
}

/** Joins neighbouring runs with the same marks, so renderers write fewer, longer runs. */
function mergeRuns(runs: Run[]): Run[] {
  const merged: Run[] = [];
  for (const run of runs) {
    const last = merged[merged.length - 1];
    if (
      last &&
      last.bold === run.bold &&
      last.italic === run.italic &&
      last.underline === run.underline &&
      last.strike === run.strike &&
      last.link === run.link &&
      (last.threads ?? []).join() === (run.threads ?? []).join()
    ) {
      last.text += run.text;
    } else merged.push({ ...run });
  }
  return merged;
}

// ---- blocks ------------------------------------------------------------------------

function numberAttribute(element: Y.XmlElement, name: string, fallback: number, min = 1, max = 1000): number {
  const value = Number(element.getAttribute(name));
  return Number.isInteger(value) && value >= min && value <= max ? value : fallback;
}

function listItems(list: Y.XmlElement): Block[][] {
  return (
    list
      .toArray()
      .filter((c): c is Y.XmlElement => c instanceof Y.XmlElement)
      // A stray block directly inside a list is read as an item of its own.
      .map((item) => readBlocks(item.nodeName === specNodes.listItem ? item : { toArray: () => [item] }))
  );
}

function tableRows(table: Y.XmlElement): TableCell[][] {
  return table
    .toArray()
    .filter((row): row is Y.XmlElement => row instanceof Y.XmlElement && row.nodeName === specNodes.tableRow)
    .map((row) =>
      row
        .toArray()
        .filter((cell): cell is Y.XmlElement => cell instanceof Y.XmlElement)
        .map((cell) => ({
          header: cell.nodeName === specNodes.tableHeader,
          colspan: numberAttribute(cell, 'colspan', 1, 1, 63),
          rowspan: numberAttribute(cell, 'rowspan', 1, 1, 1000),
          blocks: readBlocks(cell),
        })),
    )
    .filter((row) => row.length > 0);
}

function readBlock(element: Y.XmlElement): Block[] {
  switch (element.nodeName) {
    case specNodes.heading:
      return [{ type: 'heading', level: numberAttribute(element, 'level', 2, 1, 6), runs: inlineRuns(element) }];
    case specNodes.paragraph:
      return [{ type: 'paragraph', runs: inlineRuns(element) }];
    case specNodes.bulletList:
      return [{ type: 'list', ordered: false, start: 1, items: listItems(element) }];
    case specNodes.orderedList:
      return [{ type: 'list', ordered: true, start: numberAttribute(element, 'start', 1, 0, 100000), items: listItems(element) }];
    case specNodes.table:
      return [{ type: 'table', rows: tableRows(element) }];
    case specNodes.requirement: {
      const attributes = requirementAttributes(element);
      return [
        {
          type: 'requirement',
          number: attributes.number,
          id: formatRequirementId(attributes.number),
          priority: attributes.priority,
          appliesTo: [...new Set(attributes.appliesTo)],
          blocks: readBlocks(element),
        },
      ];
    }
    case 'blockquote':
      return [{ type: 'quote', blocks: readBlocks(element) }];
    case 'horizontalRule':
      return [{ type: 'rule' }];
    default:
      // A node this model does not know: keep what it says.
      return readBlocks(element);
  }
}

/** The blocks of a rich-text fragment (the specification, or a smaller rich-text field). */
export function readBlocks(parent: { toArray(): unknown[] }): Block[] {
  const blocks: Block[] = [];
  for (const child of parent.toArray()) {
    if (isXmlElement(child)) blocks.push(...readBlock(child));
    else if (child instanceof Y.XmlText) {
      const runs = runsOfText(child);
      if (runs.length > 0) blocks.push({ type: 'paragraph', runs });
    }
  }
  return blocks;
}

/** The specification's blocks. */
export function readSpecification(doc: Y.Doc): Block[] {
  return readBlocks(specificationOf(doc));
}
