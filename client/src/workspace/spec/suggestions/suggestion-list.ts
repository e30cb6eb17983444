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
  /** Where it starts in the editor's document. */
  pos: number;
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

/** Every suggestion in `doc`, in the order of the text. */
export function suggestionsIn(doc: PmNode, boroughName: (id: string) => string): Suggestion[] {
  const byId = new Map<string, Suggestion>();
  const requirementAt = (pos: number, node: PmNode): string | null => {
    const $pos = doc.resolve(pos);
    for (let depth = $pos.depth; depth >= 0; depth--) {
      const around = depth === $pos.depth && node.type.name === 'requirement' ? node : $pos.node(depth);
      if (around.type.name !== 'requirement') continue;
      const number = around.attrs.number as number | null;
      return number ? formatRequirementId(number) : 'a new requirement';
    }
    return node.type.name === 'requirement' ? 'a new requirement' : null;
  };
  const entry = (id: string, pos: number, node: PmNode): Suggestion | null => {
    const origin = suggestionOrigin(id);
    if (!origin) return null;
    let found = byId.get(id);
    if (!found) {
      found = { id, userId: origin.userId, at: origin.at, pos, requirement: requirementAt(pos, node), changes: [] };
      byId.set(id, found);
    }
    return found;
  };
  const addText = (suggestion: Suggestion, kind: 'add' | 'delete', text: string) => {
    const last = suggestion.changes[suggestion.changes.length - 1];
    if (last?.kind === kind) last.text = clip(last.text + text);
    else suggestion.changes.push({ kind, text: clip(text) });
  };

  doc.descendants((node, pos) => {
    for (const mark of node.marks) {
      const id = mark.attrs.id as string;
      const name = mark.type.name;
      if (name !== 'insertion' && name !== 'deletion' && name !== 'modification') continue;
      const suggestion = entry(id, pos, node);
      if (!suggestion) continue;
      if (node.isText) addText(suggestion, name === 'deletion' ? 'delete' : 'add', node.text ?? '');
      else if (name === 'insertion' && node.type.name === 'requirement') suggestion.changes.push({ kind: 'requirement', text: '' });
      else if (name === 'modification') {
        const attrName = String(mark.attrs.attrName);
        const kind = attrName === 'priority' ? 'priority' : attrName === 'appliesTo' ? 'applies-to' : 'other';
        const from = describeValue(attrName, mark.attrs.previousValue, boroughName);
        const to = describeValue(attrName, mark.attrs.newValue, boroughName);
        suggestion.changes.push({ kind, text: `${from} → ${to}` });
      }
    }
    return true;
  });
  return [...byId.values()];
}
