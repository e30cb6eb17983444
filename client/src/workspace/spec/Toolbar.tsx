/** Formatting controls for an editor: buttons with names and pressed states, and a link form. */
import { useEditorState, type Editor } from '@tiptap/react';
import { useId, useState, type FormEvent, type ReactNode } from 'react';

interface Tool {
  label: string;
  short: string;
  run: (editor: Editor) => void;
  active?: (editor: Editor) => boolean;
}

// Each button's visible text is its accessible name (WCAG 2.5.3, label in name).
const textTools: Tool[] = [
  {
    label: 'Heading',
    short: 'Heading',
    run: (e) => e.chain().focus().toggleHeading({ level: 2 }).run(),
    active: (e) => e.isActive('heading', { level: 2 }),
  },
  {
    label: 'Subheading',
    short: 'Subheading',
    run: (e) => e.chain().focus().toggleHeading({ level: 3 }).run(),
    active: (e) => e.isActive('heading', { level: 3 }),
  },
  { label: 'Bold', short: 'Bold', run: (e) => e.chain().focus().toggleBold().run(), active: (e) => e.isActive('bold') },
  { label: 'Italic', short: 'Italic', run: (e) => e.chain().focus().toggleItalic().run(), active: (e) => e.isActive('italic') },
  {
    label: 'Bulleted list',
    short: 'Bullets',
    run: (e) => e.chain().focus().toggleBulletList().run(),
    active: (e) => e.isActive('bulletList'),
  },
  {
    label: 'Numbered list',
    short: 'Numbers',
    run: (e) => e.chain().focus().toggleOrderedList().run(),
    active: (e) => e.isActive('orderedList'),
  },
];

const tableTools: Tool[] = [
  { label: 'Add a row below', short: 'Add row', run: (e) => e.chain().focus().addRowAfter().run() },
  { label: 'Add a column to the right', short: 'Add column', run: (e) => e.chain().focus().addColumnAfter().run() },
  { label: 'Delete this row', short: 'Delete row', run: (e) => e.chain().focus().deleteRow().run() },
  { label: 'Delete this column', short: 'Delete column', run: (e) => e.chain().focus().deleteColumn().run() },
  { label: 'Delete the table', short: 'Delete table', run: (e) => e.chain().focus().deleteTable().run() },
];

export function Toolbar({
  editor,
  label,
  withBlocks,
  children,
}: {
  editor: Editor;
  label: string;
  withBlocks?: boolean;
  /** More tools at the end (the specification's Comment button). */
  children?: ReactNode;
}) {
  const formId = useId();
  const [linking, setLinking] = useState(false);
  const [href, setHref] = useState('');
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      active: textTools.map((t) => t.active?.(e) ?? false),
      inTable: e.isActive('table'),
      link: e.isActive('link'),
      editable: e.isEditable,
    }),
  });

  const button = (tool: Tool, index: number, pressed?: boolean) => (
    <button
      key={tool.label}
      type="button"
      className="app-editor__tool"
      title={tool.label}
      aria-pressed={pressed === undefined ? undefined : pressed}
      disabled={!state.editable}
      onMouseDown={(event) => event.preventDefault()}
      onClick={() => tool.run(editor)}
      data-index={index}
    >
      {tool.short}
    </button>
  );

  const applyLink = (event: FormEvent) => {
    event.preventDefault();
    const url = href.trim();
    if (url)
      editor
        .chain()
        .focus()
        .extendMarkRange('link')
        .setLink({ href: /^[a-z]+:/i.test(url) ? url : `https://${url}` })
        .run();
    setLinking(false);
    setHref('');
  };

  return (
    <div className="app-editor__toolbar" role="toolbar" aria-label={label}>
      {textTools.map((tool, i) => button(tool, i, state.active[i]))}
      <button
        type="button"
        className="app-editor__tool"
        aria-pressed={state.link}
        aria-expanded={linking}
        aria-controls={formId}
        disabled={!state.editable}
        onClick={() => {
          if (state.link) editor.chain().focus().unsetLink().run();
          else {
            setHref(String(editor.getAttributes('link').href ?? ''));
            setLinking((open) => !open);
          }
        }}
      >
        {state.link ? 'Remove link' : 'Link'}
      </button>
      {withBlocks && (
        <>
          <span className="app-editor__separator" aria-hidden="true" />
          <button
            type="button"
            className="app-editor__tool"
            disabled={!state.editable}
            onClick={() => editor.chain().focus().insertRequirement().run()}
          >
            + Requirement
          </button>
          <button
            type="button"
            className="app-editor__tool"
            disabled={!state.editable}
            onClick={() => editor.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run()}
          >
            + Table
          </button>
          {state.inTable && tableTools.map((tool, i) => button(tool, i))}
        </>
      )}
      <span className="app-editor__separator" aria-hidden="true" />
      <button type="button" className="app-editor__tool" disabled={!state.editable} onClick={() => editor.chain().focus().undo().run()}>
        Undo
      </button>
      <button type="button" className="app-editor__tool" disabled={!state.editable} onClick={() => editor.chain().focus().redo().run()}>
        Redo
      </button>
      {children && (
        <>
          <span className="app-editor__separator" aria-hidden="true" />
          {children}
        </>
      )}
      {linking && (
        <form id={formId} className="app-inline-form" onSubmit={applyLink}>
          <label className="govuk-label govuk-!-font-size-16" htmlFor={`${formId}-href`}>
            Link address
          </label>
          <input
            id={`${formId}-href`}
            className="govuk-input govuk-input--width-20"
            type="url"
            value={href}
            onChange={(e) => setHref(e.target.value)}
            autoFocus
          />
          <button type="submit" className="app-editor__tool">
            Add link
          </button>
        </form>
      )}
    </div>
  );
}
