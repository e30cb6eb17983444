/** The editor's Comment button: on the selected text, for everyone who may comment (viewers too). */
import { useEditorState, type Editor } from '@tiptap/react';
import { isMac } from './focus.js';
import { hasSelectedText } from './text-anchors.js';
import { commentButtonId } from './use-text-comments.js';

export function CommentButton({ editor, onComment }: { editor: Editor; onComment: () => void }) {
  const possible = useEditorState({ editor, selector: ({ editor: e }) => hasSelectedText(e.state) });
  const shortcut = isMac() ? '⌘ Command + Option + M' : 'Ctrl + Alt + M';
  return (
    <button
      type="button"
      id={commentButtonId}
      className="app-editor__tool"
      title={`Comment on the selected text (${shortcut})`}
      aria-keyshortcuts={isMac() ? 'Meta+Alt+M' : 'Control+Alt+M'}
      disabled={!possible}
      // Keeps the selection in the editor.
      onMouseDown={(event) => event.preventDefault()}
      onClick={onComment}
    >
      Comment
    </button>
  );
}
