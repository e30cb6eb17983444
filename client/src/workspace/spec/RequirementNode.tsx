/**
 * The Requirement block of the specification: its text, with a bar showing its number
 * (given by the server), its priority and the boroughs it applies to.
 */
import { mergeAttributes, Node } from '@tiptap/core';
import { NodeViewContent, NodeViewWrapper, ReactNodeViewRenderer, type NodeViewProps } from '@tiptap/react';
import { useId } from 'react';
import { formatRequirementId, priorities, priorityLabel, specNodes, stringsIn, type Priority } from '../../../../shared/doc-layout.js';
import { useSpecContext } from './spec-context.js';

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    requirement: {
      /** Inserts a new requirement (the server gives it its number). */
      insertRequirement: () => ReturnType;
    };
  }
}

export const RequirementNode = Node.create({
  name: specNodes.requirement,
  group: 'block',
  content: 'paragraph+',
  defining: true,

  addAttributes() {
    return {
      number: {
        default: null,
        parseHTML: (element) => {
          const n = Number(element.getAttribute('data-number'));
          return Number.isInteger(n) && n > 0 ? n : null;
        },
        renderHTML: (attributes: { number?: number | null }) => (attributes.number ? { 'data-number': attributes.number } : {}),
      },
      priority: {
        default: 'must',
        parseHTML: (element) => element.getAttribute('data-priority') ?? 'must',
        renderHTML: (attributes: { priority?: string }) => ({ 'data-priority': attributes.priority }),
      },
      appliesTo: {
        default: [],
        parseHTML: (element) => (element.getAttribute('data-applies-to') ?? '').split(' ').filter(Boolean),
        renderHTML: (attributes) =>
          Array.isArray(attributes.appliesTo) && attributes.appliesTo.length > 0
            ? { 'data-applies-to': attributes.appliesTo.join(' ') }
            : {},
      },
    };
  },

  parseHTML() {
    return [{ tag: 'section[data-requirement]' }];
  },

  renderHTML({ HTMLAttributes }) {
    return ['section', mergeAttributes(HTMLAttributes, { 'data-requirement': '' }), 0];
  },

  addNodeView() {
    return ReactNodeViewRenderer(RequirementView);
  },

  addCommands() {
    return {
      insertRequirement:
        () =>
        ({ state, chain }) => {
          // After the top-level block the cursor is in: inserting inside a requirement (or
          // a table) would split it in two.
          const { $from } = state.selection;
          const at = $from.depth === 0 ? $from.pos : $from.after(1);
          return chain()
            .insertContentAt(at, {
              type: this.name,
              attrs: { number: null, priority: 'must', appliesTo: [] },
              content: [{ type: 'paragraph' }],
            })
            .setTextSelection(at + 2)
            .scrollIntoView()
            .run();
        },
    };
  },
});

function RequirementView({ node, updateAttributes, editor }: NodeViewProps) {
  const { buyingBoroughs, canEdit } = useSpecContext();
  const id = useId();
  const number = typeof node.attrs.number === 'number' ? node.attrs.number : null;
  const label = formatRequirementId(number);
  const priority = (priorities as readonly unknown[]).includes(node.attrs.priority) ? (node.attrs.priority as Priority) : 'must';
  const appliesTo = stringsIn(node.attrs.appliesTo);
  const editable = canEdit && editor.isEditable;
  const named = buyingBoroughs.filter((b) => appliesTo.includes(b.id));
  const appliesText =
    appliesTo.length === 0 ? 'All boroughs' : named.length > 0 ? `${named.map((b) => b.name).join(', ')} only` : 'No borough taking part';

  const toggle = (boroughId: string, on: boolean) => {
    const current = appliesTo.length === 0 ? buyingBoroughs.map((b) => b.id) : appliesTo;
    const next = on ? [...new Set([...current, boroughId])] : current.filter((b) => b !== boroughId);
    if (next.length === 0) return; // A requirement applies to at least one borough.
    // Every borough ticked is stored as "all", so a partner who joins later is included.
    updateAttributes({ appliesTo: buyingBoroughs.every((b) => next.includes(b.id)) ? [] : next });
  };

  return (
    <NodeViewWrapper
      as="section"
      className="app-requirement"
      aria-label={`Requirement ${number === null ? '(number to come)' : label}`}
      data-requirement-id={label}
      data-priority={priority}
    >
      <div className="app-requirement__bar" contentEditable={false}>
        <span className="app-requirement__id" title={number === null ? 'The number is given as soon as the change is saved' : undefined}>
          {number === null ? 'New requirement' : label}
        </span>
        <label htmlFor={`${id}-priority`}>
          Priority{' '}
          <select
            id={`${id}-priority`}
            value={priority}
            disabled={!editable}
            onChange={(event) => updateAttributes({ priority: event.target.value })}
          >
            {priorities.map((p) => (
              <option key={p} value={p}>
                {priorityLabel[p]}
              </option>
            ))}
          </select>
        </label>
        <details className="app-requirement__boroughs">
          <summary>Applies to: {appliesText}</summary>
          <fieldset className="app-requirement__borough-options">
            <legend className="govuk-visually-hidden">Boroughs {label} applies to</legend>
            {buyingBoroughs.map((b) => (
              <label key={b.id}>
                <input
                  type="checkbox"
                  checked={appliesTo.length === 0 || appliesTo.includes(b.id)}
                  disabled={!editable}
                  onChange={(event) => toggle(b.id, event.target.checked)}
                />
                {b.name}
              </label>
            ))}
          </fieldset>
        </details>
      </div>
      <NodeViewContent className="app-requirement__text" />
    </NodeViewWrapper>
  );
}
