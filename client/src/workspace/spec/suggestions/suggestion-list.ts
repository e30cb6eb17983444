/**
 * The suggested changes in a specification, read from its marks: one entry per
 * suggestion id, in the order of the text, saying who proposed what.
 */
import type { Node as PmNode } from '@tiptap/pm/model';
import { formatRequirementId, priorityLabel, type Priority } from '../../../../../shared/doc-layout.js';
import { suggestionOrigin } from '../../../../../shared/suggestions.js';

export interface SuggestionChange {
  kind: 'add' | 'delete' | 'requirement' | 'priority' | 'applies-to' | 'other';
  /** The words added or deleted, or "Must → Should". */
  text: string;
}

export interface Suggestion {
  id: string;
  userId: string;
  /** When it was begun (ms). */
  at: number;
  /** The requirement it is in, "REQ-004", if any. */
  requirement: string | null;
  changes: SuggestionChange[];
}

const maxWords = 160;
const clip = (text: string) => (text.length > maxWords ? `${text.slice(0, maxWords - 1)}…` : text);

function describeValue(attrName: string, value: unknown, boroughName: (id: string) => string): string {
  if (attrName === 'priority' && typeof value === 'string') return priorityLabel[value as Priority] ?? value;
  if (attrName === 'appliesTo') {
    const ids = Array.isArray(value) ? (value as string[]) : [];
    return ids.length === 0 ? 'All boroughs' : `${ids.map(boroughName).join(' and ')} only`;
  }
  return String(value);
}

const none: readonly Suggestion[] = Object.freeze([]);

/** The label of a requirement block: "REQ-004", or "a new requirement" before it has a number. */
const requirementLabel = (requirement: PmNode) => {
  const number = requirement.attrs.number as number | null;
  return number ? formatRequirementId(number) : 'a new requirement';
};

/** The suggestions in one block of the document (a child of its top node), in the order of its text. */
function suggestionsInBlock(block: PmNode, boroughName: (id: string) => string): readonly Suggestion[] {
  const byId = new Map<string, Suggestion>();
  /** The requirement around `node` (at `pos` in the block), the node itself included. */
  const requirementAt = (pos: number, node: PmNode): string | null => {
    if (node.type.name === 'requirement') return requirementLabel(node);
    if (node === block) return null;
    const $pos = block.resolve(pos);
    for (let depth = $pos.depth; depth >= 0; depth--) {
      if ($pos.node(depth).type.name === 'requirement') return requirementLabel($pos.node(depth));
    }
    return null;
  };
  const entry = (id: string, pos: number, node: PmNode): Suggestion | null => {
    const origin = suggestionOrigin(id);
    if (!origin) return null;
    let found = byId.get(id);
    if (!found) {
      found = { id, userId: origin.userId, at: origin.at, requirement: requirementAt(pos, node), changes: [] };
      byId.set(id, found);
    }
    return found;
  };
  const visit = (node: PmNode, pos: number) => {
    for (const mark of node.marks) {
      const id = mark.attrs.id as string;
      const name = mark.type.name;
      if (name !== 'insertion' && name !== 'deletion' && name !== 'modification') continue;
      const suggestion = entry(id, pos, node);
      if (!suggestion) continue;
      if (node.isText) addChange(suggestion, { kind: name === 'deletion' ? 'delete' : 'add', text: node.text ?? '' });
      else if (name === 'insertion' && node.type.name === 'requirement') suggestion.changes.push({ kind: 'requirement', text: '' });
      else if (name === 'modification') {
        const attrName = String(mark.attrs.attrName);
        const kind = attrName === 'priority' ? 'priority' : attrName === 'appliesTo' ? 'applies-to' : 'other';
        const from = describeValue(attrName, mark.attrs.previousValue, boroughName);
        const to = describeValue(attrName, mark.attrs.newValue, boroughName);
        suggestion.changes.push({ kind, text: `${from} → ${to}` });
      }
    }
  };
  visit(block, -1);
  block.descendants((node, pos) => {
    visit(node, pos);
    return true;
  });
  return byId.size === 0 ? none : [...byId.values()];
}

/** Adds a change to a suggestion: words of the same kind straight after its last words join them. */
function addChange(suggestion: Suggestion, change: SuggestionChange): void {
  const last = suggestion.changes[suggestion.changes.length - 1];
  const isText = change.kind === 'add' || change.kind === 'delete';
  if (isText && last?.kind === change.kind) last.text = clip(last.text + change.text);
  else suggestion.changes.push({ kind: change.kind, text: isText ? clip(change.text) : change.text });
}

/** Joins the blocks' suggestions: one entry per id, in the order of the text. */
function joined(blocks: readonly (readonly Suggestion[])[]): Suggestion[] {
  const byId = new Map<string, Suggestion>();
  for (const block of blocks) {
    for (const suggestion of block) {
      const found = byId.get(suggestion.id);
      // Copies: the blocks' lists are kept for the next reading.
      if (!found) byId.set(suggestion.id, { ...suggestion, changes: suggestion.changes.map((c) => ({ ...c })) });
      else for (const change of suggestion.changes) addChange(found, change);
    }
  }
  return [...byId.values()];
}

/** Every suggestion in `doc`, in the order of the text. */
export function suggestionsIn(doc: PmNode, boroughName: (id: string) => string): Suggestion[] {
  const blocks: (readonly Suggestion[])[] = [];
  doc.forEach((block) => blocks.push(suggestionsInBlock(block, boroughName)));
  return joined(blocks);
}

/**
 * `suggestionsIn`, for a panel that reads it after every transaction. A block that has
 * not changed is the same node in the next document, so only changed blocks are read
 * again; when none of their suggestions changed, the same list comes back. The list
 * holds no positions, so typing elsewhere leaves it as it was and the panel is not drawn
 * again.
 */
export function suggestionsReader(): (doc: PmNode, boroughName: (id: string) => string) => Suggestion[] {
  let names: ((id: string) => string) | null = null;
  let known = new WeakMap<PmNode, readonly Suggestion[]>();
  let last: { blocks: (readonly Suggestion[])[]; suggestions: Suggestion[] } | null = null;
  return (doc, boroughName) => {
    if (names !== boroughName) {
      names = boroughName;
      known = new WeakMap();
      last = null;
    }
    const blocks: (readonly Suggestion[])[] = [];
    doc.forEach((block) => {
      let found = known.get(block);
      if (!found) {
        found = suggestionsInBlock(block, boroughName);
        known.set(block, found);
      }
      if (found.length > 0) blocks.push(found);
    });
    const unchanged = last && last.blocks.length === blocks.length && last.blocks.every((b, i) => b === blocks[i]);
    if (!last || !unchanged) last = { blocks, suggestions: joined(blocks) };
    return last.suggestions;
  };
}

/** Where the suggestion `id` starts in `doc` now, or null when it is no longer there. */
export function suggestionPosition(doc: PmNode, id: string): number | null {
  let found: number | null = null;
  doc.descendants((node, pos) => {
    if (found === null && node.marks.some((mark) => isSuggestionMarkName(mark.type.name) && mark.attrs.id === id)) found = pos;
    return found === null;
  });
  return found;
}

const isSuggestionMarkName = (name: string) => name === 'insertion' || name === 'deletion' || name === 'modification';
