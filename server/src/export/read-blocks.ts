/**
 * Reads rich text from the live document (the specification, or a smaller rich-text
 * field) into the content model's blocks and runs of formatted text.
 *
 * Reading is tolerant: the document is written by browsers, so a missing or odd field
 * becomes an empty value rather than an error, and a node the model does not know
 * keeps its text (its children are read as blocks) instead of disappearing.
 *
 * Open suggestions are read as they are (read-suggestions.ts): words proposed for adding
 * or removal keep their mark, as does a requirement proposed whole or with a new priority.
 * The exports then show them as tracked changes, or read them as accepted
 * (accepted-reading.ts).
 */
import * as Y from 'yjs';
import { formatRequirementId, isXmlElement, requirementAttributes, specificationOf, specNodes } from '../../../shared/doc-layout.js';
import { isAnchorAttribute } from '../comments/anchor.js';
import { plainRun, type Block, type Run, type SuggestedText, type TableCell } from './content.js';
import { blockSuggestion, proposedValues, suggestedRun, suggestedTextOf } from './read-suggestions.js';

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

/**
 * The runs of a text; `inBlock` is the suggestion mark of the block it is in, which its
 * words share unless they carry one of their own.
 */
function runsOfText(text: Y.XmlText, inBlock: SuggestedText | undefined): Run[] {
  const runs: Run[] = [];
  for (const delta of text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
    if (typeof delta.insert !== 'string' || delta.insert === '') continue;
    const a = delta.attributes ?? {};
    const threads = threadsOf(a);
    const run = suggestedRun(
      {
        text: delta.insert,
        bold: markOn(a.bold),
        italic: markOn(a.italic),
        underline: markOn(a.underline),
        strike: markOn(a.strike),
        link: linkOf(a.link),
        ...(threads.length > 0 ? { threads } : {}),
      },
      suggestedTextOf(a),
      inBlock,
    );
    if (run) runs.push(run);
  }
  return runs;
}

/** The runs of a text block; inline nodes (a hard break) become "\n". */
function inlineRuns(element: Y.XmlElement | Y.XmlFragment, inBlock: SuggestedText | undefined): Run[] {
  const runs: Run[] = [];
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) runs.push(...runsOfText(child, inBlock));
    else if (child instanceof Y.XmlElement) {
      const mark = blockSuggestion(child) ?? inBlock;
      if (child.nodeName === 'hardBreak') {
        const lineBreak = suggestedRun(plainRun('\n'), undefined, mark);
        if (lineBreak) runs.push(lineBreak);
      } else runs.push(...inlineRuns(child, mark));
    }
  }
  return mergeRuns(runs);
}

const sameSuggestion = (a: SuggestedText | undefined, b: SuggestedText | undefined) => a?.kind === b?.kind && a?.id === b?.id;

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
      (last.threads ?? []).join() === (run.threads ?? []).join() &&
      sameSuggestion(last.suggestion, run.suggestion)
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

function listItems(list: Y.XmlElement, inBlock: SuggestedText | undefined): Block[][] {
  return (
    list
      .toArray()
      .filter((c): c is Y.XmlElement => c instanceof Y.XmlElement)
      // A stray block directly inside a list is read as an item of its own.
      .map((item) =>
        item.nodeName === specNodes.listItem
          ? readBlocks(item, blockSuggestion(item) ?? inBlock)
          : readBlocks({ toArray: () => [item] }, inBlock),
      )
  );
}

function tableRows(table: Y.XmlElement, inBlock: SuggestedText | undefined): TableCell[][] {
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
          blocks: readBlocks(cell, blockSuggestion(cell) ?? blockSuggestion(row) ?? inBlock),
        })),
    )
    .filter((row) => row.length > 0);
}

/** A block; `inBlock` is the suggestion mark of a block around it, if any. */
function readBlock(element: Y.XmlElement, inBlock: SuggestedText | undefined): Block[] {
  // A block proposed as new (or for removal) makes all its words so.
  const mark = blockSuggestion(element) ?? inBlock;
  switch (element.nodeName) {
    case specNodes.heading:
      return [{ type: 'heading', level: numberAttribute(element, 'level', 2, 1, 6), runs: inlineRuns(element, mark) }];
    case specNodes.paragraph:
      return [{ type: 'paragraph', runs: inlineRuns(element, mark) }];
    case specNodes.bulletList:
      return [{ type: 'list', ordered: false, start: 1, items: listItems(element, mark) }];
    case specNodes.orderedList:
      return [{ type: 'list', ordered: true, start: numberAttribute(element, 'start', 1, 0, 100000), items: listItems(element, mark) }];
    case specNodes.table:
      return [{ type: 'table', rows: tableRows(element, mark) }];
    case specNodes.requirement: {
      const attributes = requirementAttributes(element);
      const proposed = proposedValues(element);
      return [
        {
          type: 'requirement',
          number: attributes.number,
          id: formatRequirementId(attributes.number),
          priority: attributes.priority,
          appliesTo: [...new Set(attributes.appliesTo)],
          blocks: readBlocks(element, mark),
          ...(mark ? { suggestion: mark } : {}),
          ...(proposed.length > 0 ? { proposed } : {}),
        },
      ];
    }
    case 'blockquote':
      return [{ type: 'quote', blocks: readBlocks(element, mark) }];
    case 'horizontalRule':
      return [{ type: 'rule' }];
    default:
      // A node this model does not know: keep what it says.
      return readBlocks(element, mark);
  }
}

/**
 * The blocks of a rich-text fragment (the specification, or a smaller rich-text field).
 * `inBlock`: the suggestion mark of the block they are in, which their words share.
 */
export function readBlocks(parent: { toArray(): unknown[] }, inBlock?: SuggestedText): Block[] {
  const blocks: Block[] = [];
  for (const child of parent.toArray()) {
    if (isXmlElement(child)) blocks.push(...readBlock(child, inBlock));
    else if (child instanceof Y.XmlText) {
      const runs = runsOfText(child, inBlock);
      if (runs.length > 0) blocks.push({ type: 'paragraph', runs });
    }
  }
  return blocks;
}

/** The specification's blocks. */
export function readSpecification(doc: Y.Doc): Block[] {
  return readBlocks(specificationOf(doc));
}
