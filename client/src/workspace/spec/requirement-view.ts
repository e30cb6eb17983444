/**
 * How a requirement is drawn in the editor: a bar above its text with its number (given
 * by the server), any suggestion on it, and its priority and the boroughs it applies to.
 *
 * Plain DOM, not React: a specification has hundreds of requirements, and as React views
 * they took about half the time the workspace takes to open (each its own portal), and
 * every React render walks the whole focused editor to keep the selection.
 *
 * The priority and boroughs are fields only in the requirement being worked on (the
 * caret's, the pointer's, or the one whose fields have the focus: see
 * requirement-activity.ts); every other requirement shows them as text in the same
 * place, in a bar of the same height, so nothing moves. Fields in all 300 requirements
 * doubled the browser's own work for every key typed anywhere in the document
 * (scripts/bench/browser: keystroke p50 1.7× the bare editor's, 1.07× without them).
 */
import type { Editor } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import type { NodeView, ViewMutationRecord } from '@tiptap/pm/view';
import type { ParticipatingBorough } from '../../../../shared/api.js';
import { registerRequirementView, requirementActivity, type ActiveRequirement } from './requirement-activity.js';
import { formatRequirementId, priorities, priorityLabel, stringsIn, type Priority } from '../../../../shared/doc-layout.js';

/** What requirement views need to know about the procurement; the page keeps it current. */
export interface RequirementContext {
  /** Boroughs a requirement can apply to: the lead and partners (observers do not buy). */
  buyingBoroughs: ParticipatingBorough[];
  canEdit: boolean;
}

declare module '@tiptap/core' {
  interface EditorEvents {
    /** The procurement's boroughs or the person's rights changed: requirement views draw again. */
    requirementContext: RequirementContext;
  }
}

let viewsMade = 0;

/** A requirement's controls, where it has any (none for someone who may not change it). */
const controlsSelector = '[data-requirement-controls] :is(select, summary, input, button)';

/** The first control of a requirement (none for someone who may not change it). */
export function firstControlIn(requirement: HTMLElement): HTMLElement | null {
  return requirement.querySelector<HTMLElement>(controlsSelector);
}

/** The last control of a requirement a keyboard can reach now (a closed list's boxes cannot). */
function lastControlIn(requirement: HTMLElement): HTMLElement | null {
  const controls = [...requirement.querySelectorAll<HTMLElement>(controlsSelector)];
  return controls.filter((control) => control.tagName === 'SUMMARY' || !control.closest('details:not([open])')).at(-1) ?? null;
}

/** An element with these properties (className, id, textContent…) and children. */
function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, string | boolean> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const made = document.createElement(tag);
  Object.assign(made, props);
  made.append(...children);
  return made;
}

function visuallyHidden(text: string): HTMLSpanElement {
  return element('span', { className: 'govuk-visually-hidden', textContent: text });
}

/** The controls of a requirement someone may change, kept to set their values in place. */
interface Controls {
  label: HTMLLabelElement;
  select: HTMLSelectElement;
  selectWhich: HTMLSpanElement;
  details: HTMLDetailsElement;
  summary: HTMLElement;
  legend: HTMLLegendElement;
  boxes: HTMLInputElement[];
}

export class RequirementView implements NodeView, ActiveRequirement {
  readonly dom: HTMLElement;
  readonly contentDOM: HTMLElement;
  private readonly id = `requirement-${++viewsMade}`;
  private readonly label: HTMLSpanElement;
  private readonly bar: HTMLDivElement;
  private readonly settings: HTMLDivElement;
  private suggestedTag: HTMLElement | null = null;
  /** What the controls were made for (editable or not, which boroughs). */
  private drawnSettings = '';
  private controls: Controls | null = null;
  /** Being worked on, so showing fields (when the person may change them). */
  private active = false;

  constructor(
    private node: PMNode,
    private readonly editor: Editor,
    private readonly getPos: () => number | undefined,
    private context: RequirementContext,
  ) {
    this.label = element('span', { className: 'app-requirement__id' });
    this.settings = element('div', { className: 'app-requirement__settings' });
    this.settings.dataset.requirementControls = '';
    this.settings.addEventListener('keydown', this.tabAcrossText);
    this.settings.addEventListener('focusout', this.focusLeft);
    this.bar = element('div', { className: 'app-requirement__bar', contentEditable: 'false' }, this.label, this.settings);
    this.contentDOM = element('div', { className: 'app-requirement__text' });
    this.dom = element('section', { className: 'app-requirement' }, this.bar, this.contentDOM);
    registerRequirementView(this.dom, this);
    this.draw();
    editor.on('requirementContext', this.contextChanged);
  }

  /** The view shows the attributes and marks only; its text is ProseMirror's. */
  update(node: PMNode): boolean {
    if (node.type !== this.node.type) return false;
    const same = this.node.hasMarkup(node.type, node.attrs, node.marks);
    this.node = node;
    if (!same) this.draw();
    return true;
  }

  /** ProseMirror leaves the number and the controls to the browser. */
  stopEvent(event: Event): boolean {
    return event.target instanceof Node && !this.contentDOM.contains(event.target) && this.dom.contains(event.target);
  }

  ignoreMutation(mutation: ViewMutationRecord): boolean {
    if (mutation.type === 'selection') return !this.contentDOM.contains(mutation.target);
    return !this.contentDOM.contains(mutation.target);
  }

  destroy(): void {
    this.editor.off('requirementContext', this.contextChanged);
    this.settings.removeEventListener('keydown', this.tabAcrossText);
    this.settings.removeEventListener('focusout', this.focusLeft);
  }

  /**
   * Shows fields (being worked on) or text. Fields that hold the focus, or whose list of
   * boroughs is open, stay until that ends.
   */
  setActive(active: boolean): void {
    if (active === this.active) return;
    if (!active && this.inUse()) return;
    this.active = active;
    // Drawn in full while worked on (see .app-requirement--worked-on in the styles).
    this.dom.classList.toggle('app-requirement--worked-on', active);
    this.drawSettings(this.priority);
  }

  private inUse(): boolean {
    return this.settings.contains(document.activeElement) || this.controls?.details.open === true;
  }

  /** Fields left by the keyboard go back to text unless the requirement is still being worked on. */
  private readonly focusLeft = (event: FocusEvent) => {
    if (event.relatedTarget instanceof Node && this.settings.contains(event.relatedTarget)) return;
    queueMicrotask(() => this.setActive(requirementActivity(this.editor)?.isActive(this) ?? false));
  };

  private readonly contextChanged = (context: RequirementContext) => {
    this.context = context;
    this.draw();
  };

  private get number(): number | null {
    return typeof this.node.attrs.number === 'number' ? this.node.attrs.number : null;
  }

  private get priority(): Priority {
    return (priorities as readonly unknown[]).includes(this.node.attrs.priority) ? (this.node.attrs.priority as Priority) : 'must';
  }

  private draw(): void {
    const number = this.number;
    const label = formatRequirementId(number);
    const priority = this.priority;
    this.dom.setAttribute('aria-label', `Requirement ${number === null ? '(number to come)' : label}`);
    this.dom.dataset.requirementId = label;
    this.dom.dataset.priority = priority;
    this.label.textContent = number === null ? 'New requirement' : label;
    if (number === null) this.label.title = 'The number is given as soon as the change is saved';
    else this.label.removeAttribute('title');
    this.drawSuggestedTag();
    this.drawSettings(priority);
  }

  /** A suggestion on the whole requirement (new, or a changed priority or "applies to"). */
  private drawSuggestedTag(): void {
    const suggested = this.node.marks.find((mark) => mark.type.name === 'insertion' || mark.type.name === 'modification');
    const text = !suggested
      ? null
      : suggested.type.name === 'insertion'
        ? 'Suggested new requirement'
        : suggested.attrs.attrName === 'priority'
          ? 'Suggested priority'
          : 'Suggested change';
    if (!text) {
      this.suggestedTag?.remove();
      this.suggestedTag = null;
      return;
    }
    this.suggestedTag ??= element('strong', { className: 'govuk-tag govuk-tag--yellow app-requirement__suggested' });
    this.suggestedTag.dataset.testid = 'requirement-suggested';
    this.suggestedTag.textContent = text;
    if (!this.suggestedTag.isConnected) this.label.after(this.suggestedTag);
  }

  private drawSettings(priority: Priority): void {
    const appliesTo = stringsIn(this.node.attrs.appliesTo);
    const { buyingBoroughs, canEdit } = this.context;
    const editable = canEdit && this.editor.isEditable;
    const named = buyingBoroughs.filter((b) => appliesTo.includes(b.id));
    const appliesText =
      appliesTo.length === 0 ? 'All boroughs' : named.length > 0 ? `${named.map((b) => b.name).join(', ')} only` : 'No borough taking part';
    const which = this.number === null ? 'the new requirement' : formatRequirementId(this.number);

    // The controls are made again only when what they offer changes; otherwise their
    // values are set in place, so a control in use keeps the focus.
    const fields = editable && this.active;
    const structure = JSON.stringify([fields, buyingBoroughs.map((b) => [b.id, b.name])]);
    if (structure !== this.drawnSettings) {
      this.drawnSettings = structure;
      this.controls = fields ? this.makeControls(buyingBoroughs) : null;
      this.settings.replaceChildren(...(this.controls ? [this.controls.label, this.controls.details] : [element('span'), element('span')]));
    }
    if (!this.controls) {
      // Someone who may not change them reads them as text, not as greyed-out fields (and
      // so does anyone, in the requirements not being worked on).
      const [priorityText, appliesToText] = [...this.settings.children];
      priorityText!.textContent = `Priority: ${priorityLabel[priority]}`;
      appliesToText!.textContent = `Applies to: ${appliesText}`;
      return;
    }
    const { select, selectWhich, summary, legend, boxes } = this.controls;
    select.value = priority;
    selectWhich.textContent = ` of ${which}`;
    summary.textContent = `Applies to: ${appliesText}`;
    legend.textContent = `Boroughs ${which} applies to`;
    buyingBoroughs.forEach((borough, i) => (boxes[i]!.checked = appliesTo.length === 0 || appliesTo.includes(borough.id)));
  }

  private makeControls(buyingBoroughs: readonly ParticipatingBorough[]): Controls {
    const select = element(
      'select',
      { id: `${this.id}-priority` },
      ...priorities.map((p) => element('option', { value: p, textContent: priorityLabel[p] })),
    );
    select.addEventListener('change', () => this.setAttributes({ priority: select.value }));
    const selectWhich = visuallyHidden('');
    const label = element('label', { htmlFor: select.id }, 'Priority', selectWhich, ' ', select);
    const boxes = buyingBoroughs.map((borough) => {
      const box = element('input', { type: 'checkbox' });
      box.addEventListener('change', () => this.toggleBorough(borough.id, box.checked));
      return box;
    });
    const summary = element('summary');
    const legend = element('legend', { className: 'govuk-visually-hidden' });
    const details = element(
      'details',
      { className: 'app-requirement__boroughs' },
      summary,
      element(
        'fieldset',
        { className: 'app-requirement__borough-options' },
        legend,
        ...buyingBoroughs.map((borough, i) => element('label', {}, boxes[i]!, borough.name)),
      ),
    );
    // Closed again, the list gives way to text if the requirement is no longer worked on.
    details.addEventListener('toggle', () => {
      if (!details.open) queueMicrotask(() => this.setActive(requirementActivity(this.editor)?.isActive(this) ?? false));
    });
    return { label, select, selectWhich, details, summary, legend, boxes };
  }

  private toggleBorough(boroughId: string, on: boolean): void {
    const { buyingBoroughs } = this.context;
    const appliesTo = stringsIn(this.node.attrs.appliesTo);
    const current = appliesTo.length === 0 ? buyingBoroughs.map((b) => b.id) : appliesTo;
    const next = on ? [...new Set([...current, boroughId])] : current.filter((b) => b !== boroughId);
    if (next.length === 0) {
      // A requirement applies to at least one borough: the box stays ticked.
      this.draw();
      return;
    }
    // Every borough ticked is stored as "all", so a partner who joins later is included.
    this.setAttributes({ appliesTo: buyingBoroughs.every((b) => next.includes(b.id)) ? [] : next });
  }

  private setAttributes(attributes: Record<string, unknown>): void {
    const pos = this.getPos();
    if (typeof pos !== 'number') return;
    this.editor.view.dispatch(this.editor.state.tr.setNodeMarkup(pos, undefined, { ...this.node.attrs, ...attributes }));
    // As a controlled field: what shows is what the document holds (a refused change shows as before).
    this.draw();
  }

  /**
   * Tab moves through the specification as it reads: a requirement's text, then its
   * controls, then the next requirement's text (whose controls then appear). The browser
   * alone would skip the texts (not focusable themselves) and the other requirements'
   * controls (drawn as text until worked on).
   */
  private readonly tabAcrossText = (event: KeyboardEvent) => {
    if (event.key !== 'Tab') return;
    const at = this.getPos();
    if (typeof at !== 'number') return;
    const size = this.editor.state.doc.nodeAt(at)?.nodeSize ?? this.node.nodeSize;
    if (event.shiftKey && event.target === firstControlIn(this.dom)) {
      event.preventDefault();
      const { from, to } = this.editor.state.selection;
      const caretInside = from > at && to < at + size;
      // Where the caret was, or else the end of the text (just inside the last paragraph).
      this.editor.commands.focus(caretInside ? null : at + size - 2);
    } else if (!event.shiftKey && event.target === lastControlIn(this.dom)) {
      const next = this.nextRequirementAfter(at + size);
      // After the last requirement, Tab leaves the editor as usual.
      if (next === null) return;
      event.preventDefault();
      // The start of its text (inside its first paragraph).
      this.editor.commands.focus(next + 2);
    }
  };

  private nextRequirementAfter(from: number): number | null {
    const { doc } = this.editor.state;
    let found: number | null = null;
    doc.nodesBetween(from, doc.content.size, (node, pos) => {
      if (found !== null) return false;
      if (node.type.name !== this.node.type.name || pos < from) return true;
      found = pos;
      return false;
    });
    return found;
  }
}
