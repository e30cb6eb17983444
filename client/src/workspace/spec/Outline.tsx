/**
 * Beside the specification: its headings (each a link into the text) and how many
 * requirements there are by priority and by borough.
 *
 * It is read on every transaction of the editor (each keystroke, and each move of
 * someone else's cursor), so it is cheap: worked out once per document (a cursor moving
 * changes none), from the top-level blocks only, and nothing in it moves as text is typed
 * (headings are known by their order, not their position). While the editor has the
 * focus, what it shows is redrawn once a change to it has rested (someone typing a
 * heading), not on every key: a React render then walks all of the editor's text to save
 * and restore the selection.
 */
import type { Node as PmNode } from '@tiptap/pm/model';
import type { Editor } from '@tiptap/react';
import { useEffect, useRef, useState } from 'react';
import type { ParticipatingBorough } from '../../../../shared/api.js';
import { priorities, priorityLabel, stringsIn, type Priority } from '../../../../shared/doc-layout.js';

interface OutlineData {
  headings: { level: number; text: string }[];
  byPriority: Record<Priority, number>;
  total: number;
  forAll: number;
  specificTo: Record<string, number>;
  /** All of the above in one string, to tell cheaply whether anything changed. */
  signature: string;
}

const outlines = new WeakMap<PmNode, OutlineData>();

function outlineOf(doc: PmNode): OutlineData {
  const known = outlines.get(doc);
  if (known) return known;
  const data: OutlineData = {
    headings: [],
    byPriority: { must: 0, should: 0, could: 0, wont: 0 },
    total: 0,
    forAll: 0,
    specificTo: {},
    signature: '',
  };
  const parts: string[] = [];
  doc.forEach((node) => {
    if (node.type.name === 'heading') {
      const heading = { level: node.attrs.level as number, text: node.textContent || '(empty heading)' };
      data.headings.push(heading);
      parts.push(`h${heading.level}:${heading.text}`);
    } else if (node.type.name === 'requirement') {
      data.total++;
      const priority = node.attrs.priority as Priority;
      if (priority in data.byPriority) data.byPriority[priority]++;
      const applies = stringsIn(node.attrs.appliesTo);
      if (applies.length === 0) data.forAll++;
      for (const borough of applies) data.specificTo[borough] = (data.specificTo[borough] ?? 0) + 1;
      parts.push(`r:${priority}:${applies.join(',')}`);
    }
  });
  data.signature = parts.join('\n');
  outlines.set(doc, data);
  return data;
}

/** Where the `index`-th top-level heading is now. */
function headingPosition(doc: PmNode, index: number): number | null {
  let seen = 0;
  let found: number | null = null;
  doc.forEach((node, offset) => {
    if (found === null && node.type.name === 'heading' && seen++ === index) found = offset;
  });
  return found;
}

/** A change to the outline is shown once nothing has changed it for this long… */
const restMs = 400;
/** …or this long after it was first made, when someone keeps on typing a heading. */
const longestWaitMs = 2000;

/** The outline of the editor's document, as it last stood still. */
function useRestingOutline(editor: Editor): OutlineData {
  const [shown, setShown] = useState(() => outlineOf(editor.state.doc));
  const shownSignature = useRef(shown.signature);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let firstChangeAt: number | null = null;
    const nothingWaiting = () => {
      clearTimeout(timer);
      timer = undefined;
      firstChangeAt = null;
    };
    const show = () => {
      nothingWaiting();
      const now = outlineOf(editor.state.doc);
      shownSignature.current = now.signature;
      setShown(now);
    };
    const onTransaction = () => {
      // Back as it is shown (a letter typed and taken away): nothing to redraw.
      if (outlineOf(editor.state.doc).signature === shownSignature.current) return nothingWaiting();
      // Only a render while the editor has the focus costs a walk through its text.
      if (!editor.view.hasFocus()) return show();
      clearTimeout(timer);
      firstChangeAt ??= performance.now();
      timer = setTimeout(show, Math.max(0, Math.min(restMs, firstChangeAt + longestWaitMs - performance.now())));
    };
    // The document may have changed between the first drawing and now.
    onTransaction();
    editor.on('transaction', onTransaction);
    return () => {
      editor.off('transaction', onTransaction);
      nothingWaiting();
    };
  }, [editor]);
  return shown;
}

export function Outline({ editor, boroughs }: { editor: Editor; boroughs: ParticipatingBorough[] }) {
  const data = useRestingOutline(editor);

  const goTo = (index: number) => {
    const pos = headingPosition(editor.state.doc, index);
    if (pos === null) return;
    editor
      .chain()
      .focus()
      .setTextSelection(pos + 1)
      .scrollIntoView()
      .run();
  };

  return (
    <aside className="app-outline" aria-labelledby="outline-heading">
      <h2 className="govuk-heading-s" id="outline-heading">
        Contents
      </h2>
      <ul className="app-outline__list govuk-list">
        {data.headings.map((h, index) => (
          <li key={index} className={`app-outline__item--level-${h.level}`}>
            <a
              href={`#heading-${index + 1}`}
              className="govuk-link govuk-link--no-visited-state"
              onClick={(event) => {
                event.preventDefault();
                goTo(index);
              }}
            >
              {h.text}
            </a>
          </li>
        ))}
      </ul>
      <h2 className="govuk-heading-s">Requirements</h2>
      <table className="govuk-table govuk-!-font-size-16" data-testid="requirement-counts">
        <caption className="govuk-table__caption govuk-table__caption--s govuk-visually-hidden">Requirements by priority</caption>
        <tbody className="govuk-table__body">
          {priorities.map((p) => (
            <tr className="govuk-table__row" key={p}>
              <th scope="row" className="govuk-table__header">
                {priorityLabel[p]}
              </th>
              <td className="govuk-table__cell govuk-table__cell--numeric">{data.byPriority[p]}</td>
            </tr>
          ))}
          <tr className="govuk-table__row">
            <th scope="row" className="govuk-table__header">
              Total
            </th>
            <td className="govuk-table__cell govuk-table__cell--numeric">{data.total}</td>
          </tr>
        </tbody>
      </table>
      <table className="govuk-table govuk-!-font-size-16" data-testid="requirement-boroughs">
        <caption className="govuk-table__caption govuk-table__caption--s">By borough</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Borough
            </th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">
              Applies
            </th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">
              Own
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {boroughs.map((b) => (
            <tr className="govuk-table__row" key={b.id}>
              <th scope="row" className="govuk-table__header">
                {b.name}
              </th>
              <td className="govuk-table__cell govuk-table__cell--numeric">{data.forAll + (data.specificTo[b.id] ?? 0)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{data.specificTo[b.id] ?? 0}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="govuk-body-s">“Own” counts the borough-specific variations: requirements for some boroughs only.</p>
    </aside>
  );
}
