/**
 * Editing or Suggesting, above the specification: in suggesting mode a person's changes
 * are proposed, not made, for others to accept or reject. Where the lead borough decides
 * and this person's borough is a partner, there is no choice: suggesting is always on
 * (the server refuses anything else from them), and the switch says so.
 */
import { useEditorState, type Editor } from '@tiptap/react';
import { useEffect } from 'react';
import { isSuggesting } from './suggest-changes.js';

export function SuggestModeSwitch({
  editor,
  decidedBy,
}: {
  editor: Editor;
  /** The lead borough, when only it decides. */ decidedBy?: string;
}) {
  const suggesting = useEditorState({ editor, selector: ({ editor: e }) => (e ? isSuggesting(e.state) : false) }) ?? false;
  const choose = (on: boolean) => {
    if (on !== suggesting) editor.commands.setSuggesting(on);
  };
  useEffect(() => {
    if (decidedBy && !suggesting) editor.commands.setSuggesting(true);
  }, [editor, decidedBy, suggesting]);

  if (decidedBy) {
    return (
      <div className="app-mode-switch" data-testid="mode-switch">
        <p className="govuk-body-s govuk-!-margin-bottom-0">
          <strong>Suggesting.</strong> In this procurement partner boroughs suggest changes to the specification and {decidedBy} accepts or
          rejects them. Others see your suggestions marked with your name.
        </p>
      </div>
    );
  }
  return (
    <div className="app-mode-switch" data-testid="mode-switch">
      <div className="app-mode-switch__buttons" role="group" aria-label="How your changes are made">
        <button type="button" className="app-mode-switch__button" aria-pressed={!suggesting} onClick={() => choose(false)}>
          Editing
        </button>
        <button type="button" className="app-mode-switch__button" aria-pressed={suggesting} onClick={() => choose(true)}>
          Suggesting
        </button>
      </div>
      <p className="govuk-body-s govuk-!-margin-bottom-0" aria-live="polite">
        {suggesting
          ? 'Your changes are suggestions: others see them marked with your name, and accept or reject them.'
          : 'Your changes are made straight away.'}
      </p>
    </div>
  );
}
