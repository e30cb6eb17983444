/**
 * The Requirement block of the specification: above its text, its number (given by the
 * server), its priority and the boroughs it applies to.
 *
 * While someone types, focus is on the editor as a whole. Tab in a requirement's text
 * goes to that requirement's own fields (shown as fields while the caret is in it),
 * Shift+Tab from them goes back into its text, and Tab from its last field goes on into
 * the next requirement's text.
 */
import { mergeAttributes, Node, type Editor } from '@tiptap/core';
import { Plugin } from '@tiptap/pm/state';
import { specNodes } from '../../../../shared/doc-layout.js';
import { activateRequirement, requirementActivityPlugin } from './requirement-activity.js';
import { firstControlIn, RequirementView, type RequirementContext } from './requirement-view.js';

declare module '@tiptap/core' {
  interface Storage {
    requirement: { context: RequirementContext };
  }
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

  addStorage() {
    return { context: { buyingBoroughs: [], canEdit: false } };
  },

  // A plugin's node views, not TipTap's `addNodeView`: TipTap hands the view new node-view
  // functions when the editor's element is mounted, and ProseMirror then draws the whole
  // document again (300 requirements: half a second more to open). These stay the same.
  addProseMirrorPlugins() {
    const { editor, storage } = this;
    return [
      new Plugin({
        props: {
          nodeViews: { [this.name]: (node, _view, getPos) => new RequirementView(node, editor, getPos, storage.context) },
        },
      }),
      requirementActivityPlugin(),
    ];
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
        if (requirement && view.dom.contains(requirement)) activateRequirement(requirement);
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

/** Tells the requirement views of `editor` the procurement's boroughs and the person's rights; they draw again. */
export function setRequirementContext(editor: Editor, context: RequirementContext): void {
  editor.storage.requirement.context = context;
  editor.emit('requirementContext', context);
}
