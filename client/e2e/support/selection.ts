/** Selecting text in the specification editor as a person would, for browser tests. */
import type { Page } from 'playwright-core';

/**
 * Selects `text` in the specification (collapsed: puts the caret before it), as a person
 * would with the mouse or keys. The text may run over several marks, hence several DOM
 * text nodes; others' cursor labels are not part of it.
 */
export async function placeSelection(page: Page, text: string, collapsed: boolean): Promise<void> {
  await page.evaluate(
    ([wanted, collapse]) => {
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
      if (collapse) {
        selection.collapse(startNode, startOffset);
        return;
      }
      const [endNode, endOffset] = point(at + wanted.length, false);
      selection.setBaseAndExtent(startNode, startOffset, endNode, endOffset);
    },
    [text, collapsed] as const,
  );
}
