/**
 * The live document read into plain data for the exports: the specification as blocks
 * of inline runs, engagement activities and decisions. Every export format renders this
 * model and nothing else, so Word, Markdown and HTML always say the same thing.
 *
 * Reading is tolerant: the document is written by browsers, so a missing or odd field
 * becomes an empty value rather than an error, and a node the model does not know
 * keeps its text (its children are read as blocks) instead of disappearing.
 */
import * as Y from 'yjs';
import {
  decisionsOf,
  engagementOf,
  engagementTypeLabel,
  engagementTypes,
  field,
  formatRequirementId,
  isXmlElement,
  requirementAttributes,
  specificationOf,
  specNodes,
  type EngagementType,
  type Priority,
} from '../../../shared/doc-layout.js';

/** A stretch of text with one set of marks. A line break inside a paragraph is "\n". */
export interface Run {
  text: string;
  bold: boolean;
  italic: boolean;
  underline: boolean;
  strike: boolean;
  /** A safe address (http, https, mailto or tel), or null. */
  link: string | null;
}

export interface HeadingBlock {
  type: 'heading';
  /** The editor's level (2 to 4 in practice; 1 to 6 tolerated). */
  level: number;
  runs: Run[];
}

export interface ParagraphBlock {
  type: 'paragraph';
  runs: Run[];
}

export interface ListBlock {
  type: 'list';
  ordered: boolean;
  /** The first number of an ordered list. */
  start: number;
  /** Each item is a sequence of blocks (its paragraphs and any nested lists). */
  items: Block[][];
}

export interface TableCell {
  header: boolean;
  colspan: number;
  rowspan: number;
  blocks: Block[];
}

export interface TableBlock {
  type: 'table';
  rows: TableCell[][];
}

export interface RequirementBlock {
  type: 'requirement';
  number: number | null;
  /** "REQ-001", or "REQ-new" before the server has numbered it. */
  id: string;
  priority: Priority;
  /** Borough ids; empty means every participating borough. */
  appliesTo: string[];
  blocks: Block[];
}

export interface QuoteBlock {
  type: 'quote';
  blocks: Block[];
}

export interface RuleBlock {
  type: 'rule';
}

export type Block = HeadingBlock | ParagraphBlock | ListBlock | TableBlock | RequirementBlock | QuoteBlock | RuleBlock;

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

function runsOfText(text: Y.XmlText): Run[] {
  const runs: Run[] = [];
  for (const delta of text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
    if (typeof delta.insert !== 'string' || delta.insert === '') continue;
    const a = delta.attributes ?? {};
    runs.push({
      text: delta.insert,
      bold: markOn(a.bold),
      italic: markOn(a.italic),
      underline: markOn(a.underline),
      strike: markOn(a.strike),
      link: linkOf(a.link),
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

export function plainRun(text: string): Run {
  return { text, bold: false, italic: false, underline: false, strike: false, link: null };
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
      last.link === run.link
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

// ---- helpers over blocks -------------------------------------------------------------

/** Plain text of runs. */
export function runsText(runs: Run[]): string {
  return runs.map((r) => r.text).join('');
}

/** Plain text of blocks: each text block on its own line. */
export function blocksText(blocks: Block[]): string {
  const lines: string[] = [];
  const walk = (list: Block[]) => {
    for (const block of list) {
      switch (block.type) {
        case 'heading':
        case 'paragraph':
          lines.push(runsText(block.runs));
          break;
        case 'list':
          for (const item of block.items) walk(item);
          break;
        case 'table':
          for (const row of block.rows) for (const cell of row) walk(cell.blocks);
          break;
        case 'requirement':
        case 'quote':
          walk(block.blocks);
          break;
        case 'rule':
          break;
      }
    }
  };
  walk(blocks);
  return lines.join('\n');
}

/** Every requirement, in document order, wherever it sits (lists and tables included). */
export function requirementsIn(blocks: Block[]): RequirementBlock[] {
  const found: RequirementBlock[] = [];
  const walk = (list: Block[]) => {
    for (const block of list) {
      if (block.type === 'requirement') found.push(block);
      if (block.type === 'list') block.items.forEach(walk);
      else if (block.type === 'table') block.rows.forEach((row) => row.forEach((cell) => walk(cell.blocks)));
      else if (block.type === 'quote' || block.type === 'requirement') walk(block.blocks);
    }
  };
  walk(blocks);
  return found;
}

/** A requirement's words on one line (its paragraphs joined by a space), for tables. */
export function requirementText(requirement: RequirementBlock): string {
  return blocksText(requirement.blocks)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ');
}

/**
 * A borough's own variant: the blocks without requirements that apply only to other
 * boroughs. A requirement for everyone (empty appliesTo) or naming this borough stays.
 */
export function variantFor(blocks: Block[], boroughId: string): Block[] {
  const keep = (list: Block[]): Block[] =>
    list.flatMap((block): Block[] => {
      switch (block.type) {
        case 'requirement':
          return block.appliesTo.length === 0 || block.appliesTo.includes(boroughId) ? [{ ...block, blocks: keep(block.blocks) }] : [];
        case 'list': {
          // An item that held only a left-out requirement goes with it.
          const items = block.items.map(keep).filter((item, i) => item.length > 0 || block.items[i]!.length === 0);
          return items.length > 0 ? [{ ...block, items }] : [];
        }
        case 'table':
          return [{ ...block, rows: block.rows.map((row) => row.map((cell) => ({ ...cell, blocks: keep(cell.blocks) }))) }];
        case 'quote':
          return [{ ...block, blocks: keep(block.blocks) }];
        default:
          return [block];
      }
    });
  return keep(blocks);
}

/** The lowest heading level used, so the top headings become Word's Heading 1. */
export function topHeadingLevel(blocks: Block[]): number {
  let top = 6;
  for (const block of blocks) if (block.type === 'heading') top = Math.min(top, block.level);
  return top;
}

// ---- engagement ------------------------------------------------------------------------

export interface FollowUp {
  description: string;
  /** The owner's user id, as stored; the exports resolve it to a name. */
  ownerId: string;
  /** YYYY-MM-DD, or empty. */
  due: string;
  done: boolean;
}

export interface EngagementActivity {
  id: string;
  type: EngagementType;
  typeLabel: string;
  /** YYYY-MM-DD, or empty. */
  date: string;
  title: string;
  suppliers: string[];
  /** Borough ids of the boroughs present. */
  boroughs: string[];
  summary: Block[];
  insights: Block[];
  actions: FollowUp[];
}

const textOf = (value: unknown): string => (value instanceof Y.Text ? value.toString() : typeof value === 'string' ? value : '');

const stringsOf = (value: unknown): string[] =>
  value instanceof Y.Array ? value.toArray().filter((v): v is string => typeof v === 'string') : [];

const blocksOf = (value: unknown): Block[] => (value instanceof Y.XmlFragment ? readBlocks(value) : []);

const isoDate = (value: unknown): string => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : '');

function readFollowUp(entry: Y.Map<unknown>): FollowUp {
  return {
    description: textOf(entry.get('description')).trim(),
    ownerId: typeof entry.get('owner') === 'string' ? (entry.get('owner') as string) : '',
    due: isoDate(entry.get('due')),
    done: entry.get('done') === true,
  };
}

/**
 * The engagement activities in date order (a record reads from the first contact to the
 * last; undated ones come last, in the order they were added).
 */
export function readEngagement(doc: Y.Doc): EngagementActivity[] {
  const activities = engagementOf(doc)
    .toArray()
    .filter((entry): entry is Y.Map<unknown> => entry instanceof Y.Map)
    .map((entry): EngagementActivity => {
      const rawType = field<string>(entry, 'type');
      const type: EngagementType = (engagementTypes as readonly unknown[]).includes(rawType)
        ? (rawType as EngagementType)
        : 'market-sounding';
      const actions = entry.get('actions');
      return {
        id: textOf(entry.get('id')),
        type,
        typeLabel: engagementTypeLabel[type],
        date: isoDate(entry.get('date')),
        title: textOf(entry.get('title')).trim(),
        suppliers: stringsOf(entry.get('suppliers'))
          .map((s) => s.trim())
          .filter(Boolean),
        boroughs: stringsOf(entry.get('boroughs')),
        summary: blocksOf(entry.get('summary')),
        insights: blocksOf(entry.get('insights')),
        actions:
          actions instanceof Y.Array
            ? actions
                .toArray()
                .filter((a): a is Y.Map<unknown> => a instanceof Y.Map)
                .map(readFollowUp)
            : [],
      };
    });
  return activities
    .map((activity, index) => ({ activity, index }))
    .sort((a, b) => (a.activity.date || '9999').localeCompare(b.activity.date || '9999') || a.index - b.index)
    .map(({ activity }) => activity);
}

// ---- decisions -----------------------------------------------------------------------

export interface DecisionOption {
  id: string;
  title: string;
  pros: string;
  cons: string;
}

export interface DecisionContent {
  id: string;
  title: string;
  question: string;
  options: DecisionOption[];
  /** The chosen option's id when it is still one of the options, else null. */
  chosenOptionId: string | null;
  rationale: Block[];
}

/** The decisions in the order the boroughs keep them. */
export function readDecisions(doc: Y.Doc): DecisionContent[] {
  return decisionsOf(doc)
    .toArray()
    .filter((entry): entry is Y.Map<unknown> => entry instanceof Y.Map)
    .map((entry) => {
      const rawOptions = entry.get('options');
      const options: DecisionOption[] =
        rawOptions instanceof Y.Array
          ? rawOptions
              .toArray()
              .filter((o): o is Y.Map<unknown> => o instanceof Y.Map)
              .map((o) => ({
                id: textOf(o.get('id')),
                title: textOf(o.get('title')).trim(),
                pros: textOf(o.get('pros')).trim(),
                cons: textOf(o.get('cons')).trim(),
              }))
          : [];
      const chosen = entry.get('chosenOptionId');
      return {
        id: textOf(entry.get('id')),
        title: textOf(entry.get('title')).trim(),
        question: textOf(entry.get('question')).trim(),
        options,
        chosenOptionId: typeof chosen === 'string' && options.some((o) => o.id === chosen) ? chosen : null,
        rationale: blocksOf(entry.get('rationale')),
      };
    });
}

/** The specification's blocks. */
export function readSpecification(doc: Y.Doc): Block[] {
  return readBlocks(specificationOf(doc));
}
