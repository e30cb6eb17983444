/**
 * The pieces of a procurement's live document that search finds: each numbered
 * requirement, each other block of the specification (under the heading it sits
 * under), each engagement activity, each decision and each of its options. Read
 * tolerantly, like the exports: the document is written by browsers, so an odd field
 * reads as empty rather than failing the whole index.
 */
import * as Y from 'yjs';
import {
  decisionsOf,
  engagementOf,
  engagementTypeLabel,
  engagementTypes,
  formatRequirementId,
  requirementAttributes,
  specificationOf,
  specNodes,
  type EngagementType,
} from '../../../shared/doc-layout.js';
import type { SearchPiece } from './search-index.js';

const textOf = (value: unknown): string => (value instanceof Y.Text ? value.toString().trim() : '');

const isRequirement = (node: unknown): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === specNodes.requirement;

/** Plain text of the children of rich text, blocks on their own lines, leaving out requirements. */
function textOfChildren(parent: Y.XmlElement | Y.XmlFragment): string {
  const children = parent.toArray();
  if (!children.some((c) => c instanceof Y.XmlElement)) return children.map(inlineText).join('');
  return children
    .map((child) => (child instanceof Y.XmlElement && !isRequirement(child) ? textOfChildren(child) : ''))
    .filter((line) => line.trim() !== '')
    .join('\n');
}

function inlineText(node: unknown): string {
  if (node instanceof Y.XmlText) {
    return (node.toDelta() as { insert: unknown }[]).map((d) => (typeof d.insert === 'string' ? d.insert : '')).join('');
  }
  return node instanceof Y.XmlElement ? textOfChildren(node) : '';
}

/** Rich text of an entry's field (a summary, a rationale). */
const richTextOf = (value: unknown): string => (value instanceof Y.XmlFragment ? textOfChildren(value).trim() : '');

/** Every requirement inside an element (the element itself included), in document order. */
function requirementsWithin(element: Y.XmlElement): Y.XmlElement[] {
  if (element.nodeName === specNodes.requirement) return [element];
  return element.toArray().flatMap((child) => (child instanceof Y.XmlElement ? requirementsWithin(child) : []));
}

function specificationPieces(doc: Y.Doc): SearchPiece[] {
  const pieces: SearchPiece[] = [];
  let section = '';
  specificationOf(doc)
    .toArray()
    .forEach((block, index) => {
      if (!(block instanceof Y.XmlElement)) return;
      // A block outside requirements opens at its position among the top-level blocks.
      const here = String(index);
      const text = isRequirement(block) ? '' : textOfChildren(block).trim();
      if (block.nodeName === specNodes.heading) {
        section = text;
        if (text)
          pieces.push({
            kind: 'block',
            place: { kind: 'specification', block: here },
            location: 'Specification',
            title: text,
            body: '',
            keys: '',
          });
        return;
      }
      if (text) {
        const location = section ? `Specification, ${section}` : 'Specification';
        pieces.push({ kind: 'block', place: { kind: 'specification', block: here }, location, title: '', body: text, keys: '' });
      }
      for (const requirement of requirementsWithin(block)) {
        const { number } = requirementAttributes(requirement);
        const id = formatRequirementId(number);
        pieces.push({
          kind: 'requirement',
          // A requirement still waiting for its number opens at the block it is in.
          place: { kind: 'specification', block: number === null ? here : id },
          location: section ? `${id}, ${section}` : id,
          title: number === null ? '' : id,
          body: textOfChildren(requirement).trim(),
          // "14" finds REQ-014 too.
          keys: number === null ? '' : String(number),
        });
      }
    });
  return pieces;
}

function engagementPieces(doc: Y.Doc): SearchPiece[] {
  return engagementOf(doc)
    .toArray()
    .filter((entry): entry is Y.Map<unknown> => entry instanceof Y.Map && typeof entry.get('id') === 'string')
    .map((entry) => {
      const rawType = entry.get('type');
      const typeLabel =
        engagementTypeLabel[(engagementTypes as readonly unknown[]).includes(rawType) ? (rawType as EngagementType) : 'market-sounding'];
      const title = textOf(entry.get('title'));
      const suppliers = entry.get('suppliers');
      const actions = entry.get('actions');
      const body = [
        typeLabel,
        suppliers instanceof Y.Array
          ? suppliers
              .toArray()
              .filter((s): s is string => typeof s === 'string')
              .join(', ')
          : '',
        textOf(entry.get('shared')),
        richTextOf(entry.get('summary')),
        richTextOf(entry.get('insights')),
        textOf(entry.get('advantageAction')),
        ...(actions instanceof Y.Array
          ? actions.toArray().map((a: unknown) => (a instanceof Y.Map ? textOf(a.get('description')) : ''))
          : []),
      ]
        .filter(Boolean)
        .join('\n');
      return {
        kind: 'engagement' as const,
        place: { kind: 'engagement' as const, entryId: entry.get('id') as string },
        location: `Market engagement: ${title || typeLabel}`,
        title,
        body,
        keys: '',
      };
    });
}

function decisionPieces(doc: Y.Doc): SearchPiece[] {
  const pieces: SearchPiece[] = [];
  decisionsOf(doc)
    .toArray()
    .filter((entry): entry is Y.Map<unknown> => entry instanceof Y.Map && typeof entry.get('id') === 'string')
    .forEach((decision, index) => {
      const decisionId = decision.get('id') as string;
      const title = textOf(decision.get('title'));
      const named = `Decision ${index + 1}${title ? `: ${title}` : ''}`;
      const body = [textOf(decision.get('question')), richTextOf(decision.get('rationale'))].filter(Boolean).join('\n');
      pieces.push({ kind: 'decision', place: { kind: 'decision', decisionId, optionId: null }, location: named, title, body, keys: '' });
      const options = decision.get('options');
      if (!(options instanceof Y.Array)) return;
      options
        .toArray()
        .filter((option): option is Y.Map<unknown> => option instanceof Y.Map && typeof option.get('id') === 'string')
        .forEach((option, n) => {
          pieces.push({
            kind: 'option',
            place: { kind: 'decision', decisionId, optionId: option.get('id') as string },
            location: `${named}, option ${n + 1}`,
            title: textOf(option.get('title')),
            body: [textOf(option.get('pros')), textOf(option.get('cons'))].filter(Boolean).join('\n'),
            keys: '',
          });
        });
    });
  return pieces;
}

/** Everything in the document that search finds, in the order the workspace shows it. */
export function documentPieces(doc: Y.Doc): SearchPiece[] {
  return [...specificationPieces(doc), ...engagementPieces(doc), ...decisionPieces(doc)];
}
