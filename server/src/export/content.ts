/**
 * The content model: the live document as plain data for the exports, namely the
 * specification as blocks of inline runs, engagement activities and decisions. Every
 * export format renders this model and nothing else, so Word, Markdown and HTML always
 * say the same thing. Reading the Y.Doc into it is done by `read-blocks.ts` and
 * `read-records.ts`; questions asked of blocks are answered by `block-queries.ts`.
 */
import type { EngagementType, Priority } from '../../../shared/doc-layout.js';
import type { Disclosure } from '../../../shared/engagement-disclosure.js';

// ---- the specification's blocks --------------------------------------------------------

/** A stretch of text with one set of marks. A line break inside a paragraph is "\n". */
export interface Run {
  text: string;
  bold: boolean;
  italic: boolean;
  underline: boolean;
  strike: boolean;
  /** A safe address (http, https, mailto or tel), or null. */
  link: string | null;
  /** The comment threads anchored on this text, by id, sorted (absent: none). */
  threads?: string[];
  /** An open suggestion this text is part of: words proposed to be added or removed (absent: none). */
  suggestion?: SuggestedText;
}

/**
 * A suggested change to words (shared/suggestions.ts): `insertion` for words someone
 * proposes to add, `deletion` for words they propose to remove. `id` names its author
 * and time.
 */
export interface SuggestedText {
  kind: 'insertion' | 'deletion';
  id: string;
}

/** A proposed change to a requirement's priority or boroughs; the requirement already shows the new value. */
export type ProposedValue =
  { id: string; attrName: 'priority'; previous: Priority } | { id: string; attrName: 'appliesTo'; previous: string[] };

/** A heading, at the level the editor gave it. */
export interface HeadingBlock {
  type: 'heading';
  /** The editor's level (2 to 4 in practice; 1 to 6 tolerated). */
  level: number;
  runs: Run[];
}

/** A paragraph of runs. */
export interface ParagraphBlock {
  type: 'paragraph';
  runs: Run[];
}

/** A bulleted or numbered list. */
export interface ListBlock {
  type: 'list';
  ordered: boolean;
  /** The first number of an ordered list. */
  start: number;
  /** Each item is a sequence of blocks (its paragraphs and any nested lists). */
  items: Block[][];
}

/** One cell of a table, which may span columns or rows. */
export interface TableCell {
  header: boolean;
  colspan: number;
  rowspan: number;
  blocks: Block[];
}

/** A table, as rows of cells. */
export interface TableBlock {
  type: 'table';
  rows: TableCell[][];
}

/** A numbered requirement: its ID, priority, boroughs and words. */
export interface RequirementBlock {
  type: 'requirement';
  number: number | null;
  /** "REQ-001", or "REQ-new" before the server has numbered it. */
  id: string;
  priority: Priority;
  /** Borough ids; empty means every participating borough. */
  appliesTo: string[];
  blocks: Block[];
  /** The whole requirement is proposed as new, or for removal (absent: it is agreed). */
  suggestion?: SuggestedText;
  /** Proposed changes to its priority or boroughs (absent: none). */
  proposed?: ProposedValue[];
}

/** A quotation. */
export interface QuoteBlock {
  type: 'quote';
  blocks: Block[];
}

/** A horizontal rule. */
export interface RuleBlock {
  type: 'rule';
}

/** Any block of rich text. */
export type Block = HeadingBlock | ParagraphBlock | ListBlock | TableBlock | RequirementBlock | QuoteBlock | RuleBlock;

/** A run of text with no marks. */
export function plainRun(text: string): Run {
  return { text, bold: false, italic: false, underline: false, strike: false, link: null };
}

// ---- engagement ------------------------------------------------------------------------

/** An action agreed at an engagement activity. */
export interface FollowUp {
  description: string;
  /** The owner's user id, as stored; the exports resolve it to a name. */
  ownerId: string;
  /** YYYY-MM-DD, or empty. */
  due: string;
  done: boolean;
}

/** One engagement activity: a market sounding, supplier day or the like. */
export interface EngagementActivity {
  id: string;
  type: EngagementType;
  typeLabel: string;
  /** YYYY-MM-DD, or empty. */
  date: string;
  title: string;
  suppliers: string[];
  /** Those of `suppliers` marked as small or medium-sized enterprises. */
  smes: string[];
  /** Borough ids of the boroughs present. */
  boroughs: string[];
  summary: Block[];
  insights: Block[];
  actions: FollowUp[];
  /** What was shared with suppliers, and whether it must be (and was) disclosed to all. */
  disclosure: Disclosure;
}

// ---- decisions -----------------------------------------------------------------------

/** One option a decision weighed. */
export interface DecisionOption {
  id: string;
  title: string;
  pros: string;
  cons: string;
}

/** A decision: the question, the options weighed, the choice and why. */
export interface DecisionContent {
  id: string;
  title: string;
  question: string;
  options: DecisionOption[];
  /** The chosen option's id when it is still one of the options, else null. */
  chosenOptionId: string | null;
  rationale: Block[];
}
