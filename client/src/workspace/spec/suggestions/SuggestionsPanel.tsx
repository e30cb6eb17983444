/**
 * Beside the specification: the suggested changes, in the order of the text, each with
 * who proposed it (their borough's colour) and when; people allowed to decide accept or
 * reject one, or every one shown (all, one person's, or one borough's). Those who may
 * not decide can withdraw their own.
 */
import { applySuggestion, revertSuggestion } from '@handlewithcare/prosemirror-suggest-changes';
import { useEditorState, type Editor } from '@tiptap/react';
import { useMemo, useState } from 'react';
import type { Member, ProcurementDetail } from '../../../../../shared/api.js';
import { useMe } from '../../../api/session.js';
import { formatDateTime } from '../../../ui/format.js';
import { suggestionPosition, suggestionsReader, type Suggestion, type SuggestionChange } from './suggestion-list.js';

const changeLabel: Record<SuggestionChange['kind'], string> = {
  add: 'Add',
  delete: 'Delete',
  requirement: 'New requirement',
  priority: 'Priority',
  'applies-to': 'Applies to',
  other: 'Change',
};

type Decision = 'accept' | 'reject';

export function SuggestionsPanel({
  editor,
  procurement,
  canDecide,
}: {
  editor: Editor;
  procurement: ProcurementDetail;
  canDecide: boolean;
}) {
  const me = useMe();
  const boroughName = useMemo(() => {
    const names = new Map(procurement.boroughs.map((b) => [b.id, b.name]));
    return (id: string) => names.get(id) ?? id;
  }, [procurement.boroughs]);
  const [readSuggestions] = useState(suggestionsReader);
  const suggestions =
    useEditorState({
      editor,
      selector: ({ editor: e }) => (e ? readSuggestions(e.state.doc, boroughName) : []),
      equalityFn: (a, b) => a === b || JSON.stringify(a) === JSON.stringify(b),
    }) ?? [];
  const members = useMemo(() => new Map(procurement.members.map((m) => [m.userId, m])), [procurement.members]);
  const [shownFor, setShownFor] = useState('');
  const [said, setSaid] = useState('');

  const authorOf = (s: Suggestion): Member | undefined => members.get(s.userId);
  const shown = suggestions.filter((s) => {
    if (!shownFor) return true;
    const [kind, id] = shownFor.split(':');
    const author = authorOf(s);
    return kind === 'person' ? s.userId === id : author?.borough.id === id;
  });
  const people = [...new Set(suggestions.map((s) => s.userId))].map((id) => members.get(id)).filter((m): m is Member => !!m);
  const boroughs = [...new Map(people.map((m) => [m.borough.id, m.borough])).values()];

  const decide = (decision: Decision, which: Suggestion[]) => {
    for (const suggestion of which) {
      const command = decision === 'accept' ? applySuggestion(suggestion.id) : revertSuggestion(suggestion.id);
      command(editor.state, editor.view.dispatch);
    }
    const count = which.length === 1 ? 'the suggestion' : `${which.length} suggestions`;
    const own = which.every((s) => s.userId === me.user.id);
    setSaid(`You ${decision === 'accept' ? 'accepted' : own ? 'withdrew' : 'rejected'} ${count}.`);
  };

  const showInText = (suggestion: Suggestion) => {
    const pos = suggestionPosition(editor.state.doc, suggestion.id);
    if (pos !== null) editor.chain().focus().setTextSelection(pos).scrollIntoView().run();
  };

  return (
    <section className="app-suggestions" aria-labelledby="suggestions-heading" data-testid="suggestions-panel">
      <h2 className="govuk-heading-m" id="suggestions-heading">
        Suggested changes ({suggestions.length})
      </h2>
      <p className="govuk-visually-hidden" role="status">
        {said}
      </p>
      {suggestions.length === 0 ? (
        <p className="govuk-body-s">No suggested changes. Choose Suggesting above the text to propose wording for others to accept.</p>
      ) : (
        <>
          {people.length > 1 && (
            <div className="govuk-form-group govuk-!-margin-bottom-3">
              <label className="govuk-label govuk-label--s" htmlFor="suggestions-shown-for">
                Show suggestions from
              </label>
              <select
                className="govuk-select"
                id="suggestions-shown-for"
                value={shownFor}
                onChange={(event) => setShownFor(event.target.value)}
              >
                <option value="">Everyone</option>
                {boroughs.map((b) => (
                  <option key={b.id} value={`borough:${b.id}`}>
                    {b.name}
                  </option>
                ))}
                {people.map((m) => (
                  <option key={m.userId} value={`person:${m.userId}`}>
                    {m.name}, {m.borough.name}
                  </option>
                ))}
              </select>
            </div>
          )}
          {canDecide && shown.length > 1 && (
            <div className="govuk-button-group app-suggestions__all">
              <button type="button" className="govuk-button govuk-button--secondary" onClick={() => decide('accept', shown)}>
                Accept all shown ({shown.length})
              </button>
              <button type="button" className="govuk-button govuk-button--warning" onClick={() => decide('reject', shown)}>
                Reject all shown ({shown.length})
              </button>
            </div>
          )}
          <p className="govuk-body-s">
            In the text, move to the next suggestion with <kbd>Ctrl</kbd>+<kbd>Alt</kbd>+<kbd>]</kbd> and to the one before with{' '}
            <kbd>Ctrl</kbd>+<kbd>Alt</kbd>+<kbd>[</kbd> (on a Mac, <kbd>⌘</kbd> instead of <kbd>Ctrl</kbd>).
          </p>
          <ol className="app-suggestions__list" aria-label="Suggested changes">
            {shown.map((suggestion) => {
              const author = authorOf(suggestion);
              const who = author ? `${author.name}, ${author.borough.name}` : 'A former member';
              return (
                <li
                  key={suggestion.id}
                  className="app-suggestion-card"
                  style={author ? ({ '--app-suggestion-colour': author.colour } as React.CSSProperties) : undefined}
                  data-testid="suggestion"
                >
                  <p className="govuk-body-s govuk-!-margin-bottom-1">
                    <strong>{who}</strong>
                    {suggestion.requirement && <> · {suggestion.requirement}</>}
                    <br />
                    <span className="app-suggestion-card__time">{formatDateTime(suggestion.at)}</span>
                  </p>
                  <ul className="govuk-list govuk-body-s govuk-!-margin-bottom-2">
                    {suggestion.changes.map((change, i) => (
                      <li key={i}>
                        <span className="app-suggestion-card__kind">{changeLabel[change.kind]}</span>
                        {change.text && (change.kind === 'add' || change.kind === 'delete' ? <> “{change.text}”</> : <> {change.text}</>)}
                      </li>
                    ))}
                  </ul>
                  <div className="app-suggestion-card__actions">
                    <button type="button" className="app-link-button govuk-body-s" onClick={() => showInText(suggestion)}>
                      Show in the text
                    </button>
                    {canDecide && (
                      <>
                        <button type="button" className="app-link-button govuk-body-s" onClick={() => decide('accept', [suggestion])}>
                          Accept<span className="govuk-visually-hidden"> the suggestion by {who}</span>
                        </button>
                        <button type="button" className="app-link-button govuk-body-s" onClick={() => decide('reject', [suggestion])}>
                          Reject<span className="govuk-visually-hidden"> the suggestion by {who}</span>
                        </button>
                      </>
                    )}
                    {!canDecide && suggestion.userId === me.user.id && (
                      <button type="button" className="app-link-button govuk-body-s" onClick={() => decide('reject', [suggestion])}>
                        Withdraw<span className="govuk-visually-hidden"> your suggestion</span>
                      </button>
                    )}
                  </div>
                </li>
              );
            })}
          </ol>
        </>
      )}
    </section>
  );
}
