/**
 * The common technical specification: one rich-text editor on the live document, with
 * its comments beside it (below it on a phone) and its outline.
 */
import { EditorContent, useEditor } from '@tiptap/react';
import { useLayoutEffect, useMemo, useState } from 'react';
import { specificationOf } from '../../../../shared/doc-layout.js';
import { presenceColour } from '../../../../shared/presence.js';
import { useMe } from '../../api/session.js';
import { useTitle } from '../../ui/Layout.js';
import { CommentButton } from '../comments/CommentButton.js';
import { CommentsScope } from '../comments/CommentsScope.js';
import { SpecCommentsPanel } from '../comments/SpecCommentsPanel.js';
import { useTextComments } from '../comments/use-text-comments.js';
import type { WorkspaceContext } from '../workspace-context.js';
import { specificationExtensions } from './extensions.js';
import { setRequirementContext } from './requirement-node.js';
import { Outline } from './Outline.js';
import { Toolbar } from './Toolbar.js';
import { SuggestionsPanel } from './suggestions/SuggestionsPanel.js';
import { SuggestModeSwitch } from './suggestions/SuggestModeSwitch.js';
import { SuggestionAuthors } from './suggestions/suggestion-authors.js';
import { SignoffSummary } from '../history/SignoffSummary.js';
import { ExportLinks } from '../ExportLinks.js';
import { useBlockInAddress } from './use-block-in-address.js';

export function SpecificationPage(context: WorkspaceContext) {
  return (
    <CommentsScope procurement={context.procurement} live={context.live} onEvent={context.onEvent}>
      <Specification {...context} />
    </CommentsScope>
  );
}

function Specification({ procurement, doc, live, canEdit, onEvent }: WorkspaceContext) {
  useTitle(`Specification – ${procurement.title}`);
  const me = useMe();
  const buyingBoroughs = useMemo(() => procurement.boroughs.filter((b) => b.role !== 'observer'), [procurement.boroughs]);
  // Read when a suggestion is drawn: the members as they are now (the editor is made once).
  const [authors] = useState(() => new SuggestionAuthors());
  useLayoutEffect(() => authors.update(procurement.members), [authors, procurement.members]);
  const editor = useEditor(
    {
      extensions: specificationExtensions(
        specificationOf(doc),
        live?.provider ?? null,
        {
          name: me.user.name,
          borough: me.user.borough.name,
          // The colour the procurement gave this person, so their cursor matches their badge.
          color: procurement.members.find((m) => m.userId === me.user.id)?.colour ?? presenceColour(me.user.id),
        },
        { highlight: !!live },
        { enabled: !!live && procurement.me.can.suggest, userId: me.user.id, authorOf: authors.authorOf },
      ),
      editable: canEdit,
      immediatelyRender: false,
      editorProps: {
        attributes: {
          'aria-label': 'Common technical specification',
          'aria-multiline': 'true',
          role: 'textbox',
          'data-testid': 'specification-editor',
        },
      },
    },
    [doc],
  );
  const comments = useTextComments(editor, live);
  useBlockInAddress(editor);

  useLayoutEffect(() => {
    // (An editor made for an earlier document may be handed over once more, destroyed.)
    if (!editor || editor.isDestroyed) return;
    if (editor.isEditable !== canEdit) editor.setEditable(canEdit);
    setRequirementContext(editor, { buyingBoroughs, canEdit });
  }, [editor, canEdit, buyingBoroughs]);

  const commentButton = editor && comments?.comments.canComment && <CommentButton editor={editor} onComment={comments.startComment} />;

  return (
    <>
      <div className="govuk-grid-row app-spec-layout">
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-m">Common technical specification</h2>
          {live && <SignoffSummary procurement={procurement} doc={doc} onEvent={onEvent} />}
          {live && (
            <p className="govuk-body">
              Everyone taking part edits this together, live. Add a requirement with <strong>+ Requirement</strong>: it gets a number such
              as REQ-007 that never changes. Mark requirements for some boroughs only with “Applies to”.
            </p>
          )}
          {editor && (
            <div className={`app-editor${canEdit ? '' : ' app-editor--read-only'}`}>
              {canEdit && live && procurement.me.can.suggest && (
                <SuggestModeSwitch
                  editor={editor}
                  decidedBy={
                    procurement.me.can.editSpecification
                      ? undefined
                      : (procurement.boroughs.find((b) => b.role === 'lead')?.name ?? 'the lead borough')
                  }
                />
              )}
              {canEdit ? (
                <Toolbar editor={editor} label="Format the specification" withBlocks>
                  {commentButton}
                </Toolbar>
              ) : (
                commentButton && (
                  <div className="app-editor__toolbar" role="toolbar" aria-label="Comment on the specification">
                    {commentButton}
                  </div>
                )
              )}
              <EditorContent editor={editor} className="app-editor__content" />
            </div>
          )}
        </div>
        <div className="govuk-grid-column-one-third">
          {/* On a wide screen this column stays in view beside the text, scrolling on its own. */}
          <div className="app-spec-side">
            {live && <ExportLinks procurement={procurement} document="specification" />}
            {comments && <SpecCommentsPanel text={comments} />}
            {editor && live && (
              <SuggestionsPanel editor={editor} procurement={procurement} canDecide={canEdit && procurement.me.can.decideSuggestion} />
            )}
            {editor && <Outline editor={editor} boroughs={buyingBoroughs} />}
          </div>
        </div>
      </div>
    </>
  );
}
