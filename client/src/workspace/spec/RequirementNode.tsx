/**
 * The Requirement block of the specification: its number (given by the server) above its
 * text, and after the text its priority and the boroughs it applies to.
 *
 * While someone types, focus is on the editor as a whole, so the browser would take Tab to
 * the first control in the whole editor (the first requirement's), wherever the caret is.
 * Tab in a requirement's text goes to that requirement's own controls instead; they come
 * straight after its text, and Shift+Tab from them goes back into it.
 */
import { mergeAttributes, Node } from '@tiptap/core';
import { NodeViewContent, NodeViewWrapper, ReactNodeViewRenderer, type NodeViewProps } from '@tiptap/react';
import { useId, type KeyboardEvent } from 'react';
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
    return ReactNodeViewRenderer(RequirementView, {
      // The view shows the requirement's attributes and marks only; its text is
      // ProseMirror's. Typing in the text then renders nothing in React, whose every
      // commit walks the whole focused editor to save and restore the selection.
      update: ({ oldNode, newNode, updateProps }) => {
        if (!oldNode.hasMarkup(newNode.type, newNode.attrs, newNode.marks)) updateProps();
        return true;
      },
    });
  },

  addKeyboardShortcuts() {
    return {
      Tab: () => {
        const { view } = this.editor;
        // Only from the text: ProseMirror also hears keys pressed on some of the controls.
        if (document.activeElement !== view.dom) return false;
        // The caret as the browser has it: ProseMirror learns of a click a moment later.
        const caret = document.getSelection()?.focusNode;
        const caretElement = caret instanceof Element ? caret : caret?.parentElement;
        const requirement = caretElement?.closest<HTMLElement>('[data-requirement-id]');
        const control = requirement && view.dom.contains(requirement) ? firstControlIn(requirement) : null;
        if (!control) return false;
        control.focus();
        return true;
      },
    };
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

/** The first control of a requirement (none for someone who may not change it). */
function firstControlIn(requirement: HTMLElement): HTMLElement | null {
  return requirement.querySelector<HTMLElement>('[data-requirement-controls] :is(select, summary, input, button)');
}

function RequirementView({ node, updateAttributes, editor, getPos }: NodeViewProps) {
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
  const which = number === null ? 'the new requirement' : label;
  // A suggestion on the whole requirement (new, or a changed priority or "applies to").
  const suggested = node.marks.find((mark) => mark.type.name === 'insertion' || mark.type.name === 'modification');
  const suggestedText = !suggested
    ? null
    : suggested.type.name === 'insertion'
      ? 'Suggested new requirement'
      : suggested.attrs.attrName === 'priority'
        ? 'Suggested priority'
        : 'Suggested change';

  const toggle = (boroughId: string, on: boolean) => {
    const current = appliesTo.length === 0 ? buyingBoroughs.map((b) => b.id) : appliesTo;
    const next = on ? [...new Set([...current, boroughId])] : current.filter((b) => b !== boroughId);
    if (next.length === 0) return; // A requirement applies to at least one borough.
    // Every borough ticked is stored as "all", so a partner who joins later is included.
    updateAttributes({ appliesTo: buyingBoroughs.every((b) => next.includes(b.id)) ? [] : next });
  };

  // Shift+Tab from the first control goes back into this requirement's text (the browser
  // would go to the previous requirement's controls, the text not being focusable itself).
  const backToText = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Tab' || !event.shiftKey || event.target !== firstControlIn(event.currentTarget)) return;
    const at = getPos();
    if (typeof at !== 'number') return;
    event.preventDefault();
    // The node now: its text may have changed since this view last rendered.
    const size = editor.state.doc.nodeAt(at)?.nodeSize ?? node.nodeSize;
    const { from, to } = editor.state.selection;
    const caretInside = from > at && to < at + size;
    // Where the caret was, or else the end of the text (just inside the last paragraph).
    editor.commands.focus(caretInside ? null : at + size - 2);
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
        {suggestedText && (
          <strong className="govuk-tag govuk-tag--yellow app-requirement__suggested" data-testid="requirement-suggested">
            {suggestedText}
          </strong>
        )}
      </div>
      <NodeViewContent className="app-requirement__text" />
      <div className="app-requirement__settings" contentEditable={false} data-requirement-controls="" onKeyDown={backToText}>
        {editable ? (
          <>
            <label htmlFor={`${id}-priority`}>
              Priority<span className="govuk-visually-hidden"> of {which}</span>{' '}
              <select id={`${id}-priority`} value={priority} onChange={(event) => updateAttributes({ priority: event.target.value })}>
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
                <legend className="govuk-visually-hidden">Boroughs {which} applies to</legend>
                {buyingBoroughs.map((b) => (
                  <label key={b.id}>
                    <input
                      type="checkbox"
                      checked={appliesTo.length === 0 || appliesTo.includes(b.id)}
                      onChange={(event) => toggle(b.id, event.target.checked)}
                    />
                    {b.name}
                  </label>
                ))}
              </fieldset>
            </details>
          </>
        ) : (
          // Someone who may not change them reads them as text, not as greyed-out fields.
          <>
            <span>Priority: {priorityLabel[priority]}</span>
            <span>Applies to: {appliesText}</span>
          </>
        )}
      </div>
    </NodeViewWrapper>
  );
}
