/**
 * Opens the specification at the block its address names, as search results link to it:
 * `?block=REQ-014` (a requirement, by its number) or `?block=7` (the eighth top-level
 * block). The document arrives over live sync after the page shows, so the block is
 * looked for again after each change until it is there; then the caret goes into it and
 * it is scrolled into view, once per address.
 */
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { TextSelection } from '@tiptap/pm/state';
import type { Editor } from '@tiptap/react';
import { useEffect } from 'react';
import { useSearchParams } from 'react-router';
import { specNodes } from '../../../../shared/doc-layout.js';

export function useBlockInAddress(editor: Editor | null): void {
  const [params] = useSearchParams();
  const block = params.get('block');

  useEffect(() => {
    if (!editor || !block) return;
    let shown = false;
    const show = () => {
      if (shown || editor.isDestroyed) return;
      const at = positionOf(editor.state.doc, block);
      if (at === null) return;
      shown = true;
      editor.off('update', show);
      editor
        .chain()
        .focus()
        .command(({ tr }) => {
          tr.setSelection(TextSelection.near(tr.doc.resolve(at + 1)));
          return true;
        })
        .scrollIntoView()
        .run();
      // The caret's line scrolled into view may be the block's last: show its start.
      const element = editor.view.nodeDOM(at);
      if (element instanceof HTMLElement) element.scrollIntoView({ block: 'start' });
    };
    editor.on('update', show);
    // After the page's own focus handling (see Layout), if the block is already there.
    const first = setTimeout(show, 0);
    return () => {
      clearTimeout(first);
      editor.off('update', show);
    };
  }, [editor, block]);
}

/** Where the named block starts in the editor's document, or null while it is not there. */
function positionOf(doc: ProseMirrorNode, block: string): number | null {
  const requirement = /^REQ-(\d+)$/.exec(block);
  if (requirement) {
    const number = Number(requirement[1]);
    let found: number | null = null;
    doc.descendants((node, pos) => {
      if (found !== null) return false;
      if (node.type.name !== specNodes.requirement) return true;
      if (node.attrs.number === number) found = pos;
      return false;
    });
    return found;
  }
  if (!/^\d{1,6}$/.test(block)) return null;
  const index = Number(block);
  if (index >= doc.childCount) return null;
  let pos = 0;
  for (let i = 0; i < index; i++) pos += doc.child(i).nodeSize;
  return pos;
}
