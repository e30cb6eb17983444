/** Selecting text in the specification editor as a person would, for browser tests. */
import type { EditorView } from '@tiptap/pm/view';
import type { Page } from 'playwright-core';

/**
 * Selects `text` in the specification (collapsed: puts the caret before it), as a person
 * would with the mouse or keys. The text may run over several marks, hence several DOM
 * text nodes; others' cursor labels are not part of it.
 *
 * Returns once the editor itself holds the selection. The browser reports a changed
 * selection a moment later, and a person's next key never comes sooner; typing before
 * then lets the editor guess where an ambiguous insertion went (a space typed beside a
 * space lands after it).
 */
export async function placeSelection(page: Page, text: string, collapsed: boolean): Promise<void> {
  await page.evaluate(
    async ([wanted, collapse]) => {
      const root = document.querySelector<HTMLElement>('[data-testid="specification-editor"]')!;
      if (root.isContentEditable) root.focus();
      const nodes: Text[] = [];
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.parentElement?.closest('.collaboration-carets__caret')) nodes.push(node as Text);
      }
      const whole = nodes.map((n) => n.data).join('');
      const at = whole.indexOf(wanted);
      if (at < 0) throw new Error(`“${wanted}” is not in the specification`);
      const point = (offset: number, preferNext: boolean): [Text, number] => {
        let seen = 0;
        for (const node of nodes) {
          const end = seen + node.data.length;
          if (offset < end || (offset === end && !preferNext)) return [node, offset - seen];
          seen = end;
        }
        const last = nodes[nodes.length - 1]!;
        return [last, last.data.length];
      };
      const selection = document.getSelection()!;
      const [startNode, startOffset] = point(at, true);
      const [endNode, endOffset] = collapse ? [startNode, startOffset] : point(at + wanted.length, false);
      selection.setBaseAndExtent(startNode, startOffset, endNode, endOffset);

      // TipTap keeps its editor on the editable element.
      const view = (root as HTMLElement & { editor: { view: EditorView } }).editor.view;
      const from = view.posAtDOM(startNode, startOffset);
      const to = view.posAtDOM(endNode, endOffset);
      for (let frames = 0; view.state.selection.from !== from || view.state.selection.to !== to; frames++) {
        if (frames > 120) throw new Error(`the editor never took the selection of “${wanted}”`);
        await new Promise(requestAnimationFrame);
      }
    },
    [text, collapsed] as const,
  );
}
