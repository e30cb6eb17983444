/**
 * Which requirement is being worked on, and so shows its priority and boroughs as fields
 * (requirement-view.ts): the one holding the caret, and the one under the pointer, so
 * that a click on a field is never a click on text that turns into a field.
 */
import type { Editor } from '@tiptap/core';
import { Plugin } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { specNodes } from '../../../../shared/doc-layout.js';

/** What the activity asks of a requirement's view. */
export interface ActiveRequirement {
  setActive(active: boolean): void;
}

const viewsByElement = new WeakMap<Element, ActiveRequirement>();
const activities = new WeakMap<EditorView, RequirementActivity>();

/** Makes a requirement view findable from its element. */
export function registerRequirementView(element: Element, view: ActiveRequirement): void {
  viewsByElement.set(element, view);
}

/** Shows the fields of the requirement whose element this is (Tab into them before ProseMirror hears of a click). */
export function activateRequirement(element: Element): void {
  viewsByElement.get(element)?.setActive(true);
}

class RequirementActivity {
  private caret: ActiveRequirement | undefined;
  private pointer: ActiveRequirement | undefined;

  isActive(view: ActiveRequirement): boolean {
    return view === this.caret || view === this.pointer;
  }

  caretIn(next: ActiveRequirement | undefined): void {
    const previous = this.caret;
    if (next === previous) return;
    this.caret = next;
    this.tell(previous, next);
  }

  pointerOn(next: ActiveRequirement | undefined): void {
    const previous = this.pointer;
    if (next === previous) return;
    this.pointer = next;
    this.tell(previous, next);
  }

  private tell(previous: ActiveRequirement | undefined, next: ActiveRequirement | undefined): void {
    if (previous) previous.setActive(this.isActive(previous));
    next?.setActive(true);
  }
}

/** The activity of `editor`'s requirements (none before the editor is mounted). */
export function requirementActivity(editor: Editor): Pick<RequirementActivity, 'isActive'> | undefined {
  return editor.isDestroyed ? undefined : activities.get(editor.view);
}

/** The requirement holding the caret, if any. */
function caretRequirement(view: EditorView): ActiveRequirement | undefined {
  const { $head } = view.state.selection;
  for (let depth = $head.depth; depth > 0; depth--) {
    if ($head.node(depth).type.name !== specNodes.requirement) continue;
    const element = view.nodeDOM($head.before(depth));
    return element instanceof Element ? viewsByElement.get(element) : undefined;
  }
  return undefined;
}

/** Follows the caret and the pointer, telling requirement views when they are being worked on. */
export function requirementActivityPlugin(): Plugin {
  return new Plugin({
    view(editorView) {
      const activity = new RequirementActivity();
      activities.set(editorView, activity);
      activity.caretIn(caretRequirement(editorView));
      return {
        update: (view, previous) => {
          if (view.state.selection.eq(previous.selection) && view.state.doc.eq(previous.doc)) return;
          activity.caretIn(caretRequirement(view));
        },
        destroy: () => activities.delete(editorView),
      };
    },
    props: {
      handleDOMEvents: {
        mouseover: (view, event) => {
          const target = event.target instanceof Element ? event.target.closest('.app-requirement') : null;
          activities.get(view)?.pointerOn(target && view.dom.contains(target) ? viewsByElement.get(target) : undefined);
          return false;
        },
        mouseleave: (view) => {
          activities.get(view)?.pointerOn(undefined);
          return false;
        },
      },
    },
  });
}
