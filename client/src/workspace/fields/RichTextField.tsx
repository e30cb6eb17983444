/** A labelled rich-text field (a summary, a rationale) bound to a Y.XmlFragment of an entry. */
import { EditorContent, useEditor } from '@tiptap/react';
import { useEffect, useId } from 'react';
import type * as Y from 'yjs';
import { fieldExtensions } from '../spec/extensions.js';
import { Toolbar } from '../spec/Toolbar.js';

export function RichTextField({
  fragment,
  label,
  hint,
  editable,
  testId,
}: {
  fragment: Y.XmlFragment;
  label: string;
  hint?: string;
  editable: boolean;
  testId?: string;
}) {
  const id = useId();
  const editor = useEditor(
    {
      extensions: fieldExtensions(fragment),
      editable,
      editorProps: {
        attributes: {
          'aria-labelledby': `${id}-label`,
          ...(hint ? { 'aria-describedby': `${id}-hint` } : {}),
          'aria-multiline': 'true',
          role: 'textbox',
          ...(testId ? { 'data-testid': testId } : {}),
        },
      },
    },
    [fragment],
  );
  useEffect(() => {
    if (editor && editor.isEditable !== editable) editor.setEditable(editable);
  }, [editor, editable]);

  return (
    <div className="govuk-form-group">
      <div className="govuk-label govuk-label--s" id={`${id}-label`}>
        {label}
      </div>
      {hint && (
        <div className="govuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {editor && (
        <div className={`app-editor app-editor--small${editable ? '' : ' app-editor--read-only'}`}>
          {editable && <Toolbar editor={editor} label={`Format: ${label}`} />}
          <EditorContent editor={editor} className="app-editor__content" />
        </div>
      )}
    </div>
  );
}
