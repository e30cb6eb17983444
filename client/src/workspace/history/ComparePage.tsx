/**
 * Two versions compared: the specification with insertions and deletions marked in
 * their author's colour and starting with their initials (name and borough on hover or
 * focus, to screen readers, and in a legend), requirements added, removed and changed,
 * and notes and decisions field by field.
 */
import { SuggestionDecisions } from './SuggestionDecisions.js';
import { Link, useSearchParams } from 'react-router';
import type { ChangeMark, Comparison, DiffBlock, DiffRun, EntryChange, Person, RequirementChange } from '../../../../shared/history.js';
import { priorityLabel, type Priority } from '../../../../shared/doc-layout.js';
import { colourPeople, noPersonColour } from '../../../../shared/presence.js';
import { api } from '../../api/client.js';
import { useLoad } from '../../api/use-load.js';
import { formatDateTime } from '../../ui/format.js';
import { Tag, TableHead } from '../../ui/govuk.js';
import { useTitle } from '../../ui/Layout.js';
import type { WorkspaceContext } from '../workspace-context.js';
import { PersonInitials, PersonLabel } from './people.js';

/** The comparison of two versions (`from` and `to`, or now, in the address). */
export function ComparePage({ procurement }: WorkspaceContext) {
  useTitle(`Compare versions – ${procurement.title}`);
  const [params] = useSearchParams();
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const comparison = useLoad(
    () =>
      api.get<Comparison>(
        `/api/procurements/${procurement.id}/history/compare?from=${encodeURIComponent(from)}${to ? `&to=${encodeURIComponent(to)}` : ''}`,
      ),
    [procurement.id, from, to],
  );
  if (comparison.loading) return <p className="govuk-body">Comparing…</p>;
  if (!comparison.data) return <p className="govuk-error-message">{comparison.error?.message}</p>;
  const data = comparison.data;
  // Members in their colour in this procurement (as their cursors), former members in
  // colours no member has.
  const authors = colourPeople(data.people, procurement.members);
  const people = new Map(authors.map((p) => [p.id, p]));
  const boroughName = (id: string) => procurement.boroughs.find((b) => b.id === id)?.name ?? id;
  const specChanged = data.specification.some((b) => b.change || b.runs.some((r) => r.change));

  return (
    <>
      <p className="govuk-body">
        <Link className="govuk-link" to={`/procurements/${procurement.id}/history`}>
          Back to history
        </Link>
      </p>
      <h2 className="govuk-heading-m">
        Changes from {data.from.at ? formatDateTime(data.from.at) : 'the start'} to {data.to.at ? formatDateTime(data.to.at) : 'now'}
      </h2>
      {authors.length > 0 && (
        <div className="app-legend">
          <h3 className="govuk-heading-s govuk-!-margin-bottom-1">Who changed the specification</h3>
          <ul className="govuk-list app-inline-list" data-testid="legend">
            {authors.map((p) => (
              <li key={p.id ?? 'server'}>
                <PersonLabel person={p} />
              </li>
            ))}
          </ul>
          <p className="govuk-body-s">
            <ins className="app-diff-sample">Inserted text</ins> is underlined and <del className="app-diff-sample">deleted text</del> is
            struck through, in the colour of the person who did it, and starts with their initials. Hover over or move to a change to see
            who made it and when.
          </p>
        </div>
      )}

      {data.suggestionDecisions.length > 0 && (
        <>
          <h3 className="govuk-heading-m">Suggestions accepted and rejected</h3>
          <SuggestionDecisions decisions={data.suggestionDecisions} withTimes />
        </>
      )}

      <h3 className="govuk-heading-m">Requirements</h3>
      <RequirementChanges changes={data.requirements} boroughName={boroughName} />

      <h3 className="govuk-heading-m">Specification</h3>
      {!specChanged && <p className="govuk-body">The specification did not change.</p>}
      {specChanged && (
        <div className="app-diff" data-testid="diff">
          {data.specification
            .filter((b) => b.change || b.runs.some((r) => r.change) || b.kind === 'heading')
            .map((block, i) => (
              <Block key={i} block={block} people={people} />
            ))}
        </div>
      )}

      <h3 className="govuk-heading-m">Market engagement</h3>
      <EntryChanges changes={data.engagement} nothing="No activity changed." />
      <h3 className="govuk-heading-m">Decisions</h3>
      <EntryChanges changes={data.decisions} nothing="No decision changed." />
    </>
  );
}

const unknownAuthor: Pick<Person, 'name' | 'colour'> = { name: 'Jointly', colour: noPersonColour };

function who(change: ChangeMark, people: Map<string | null, Person>): { label: string; person: Pick<Person, 'name' | 'colour'> } {
  const person = people.get(change.authorId);
  const name = person ? `${person.name}${person.borough ? `, ${person.borough}` : ''}` : 'Jointly';
  return {
    label: `${change.type === 'added' ? 'Inserted' : 'Deleted'} by ${name}, ${formatDateTime(change.at)} (change ${change.seq})`,
    person: person ?? unknownAuthor,
  };
}

/** The same kind of change by the same person as the run before: one stretch, one set of initials. */
const continues = (change: ChangeMark, before: DiffRun | undefined) =>
  before?.change?.type === change.type && before.change.authorId === change.authorId;

function Block({ block, people }: { block: DiffBlock; people: Map<string | null, Person> }) {
  const content = block.runs.map((run, i) => {
    if (!run.change) return <span key={i}>{run.text}</span>;
    const { label, person } = who(run.change, people);
    const Tagname = run.change.type === 'added' ? 'ins' : 'del';
    return (
      <Tagname
        key={i}
        className="app-diff__change"
        style={{ ['--who' as string]: person.colour }}
        tabIndex={0}
        data-who={label}
        title={label}
        data-author={run.change.authorId ?? 'server'}
      >
        <span className="govuk-visually-hidden">[{label}: </span>
        {/* Who, without relying on colour; screen readers have heard the name just before. */}
        {!continues(run.change, block.runs[i - 1]) && <PersonInitials person={person} className="app-diff__initials" />}
        {run.text}
        <span className="govuk-visually-hidden">]</span>
      </Tagname>
    );
  });
  const whole = block.change ? (
    <Tag colour={block.change === 'added' ? 'green' : 'red'}>{block.change === 'added' ? 'Added' : 'Removed'}</Tag>
  ) : null;
  if (block.kind === 'heading') {
    return (
      <p className={`app-diff__heading app-diff__heading--${block.level ?? 2}`}>
        {whole} {content}
      </p>
    );
  }
  if (block.kind === 'requirement') {
    return (
      <div className="app-requirement app-diff__block">
        <div className="app-requirement__bar">
          <span className="app-requirement__id">{block.requirement?.id}</span>{' '}
          {priorityLabel[block.requirement?.priority as Priority] ?? block.requirement?.priority} {whole}
        </div>
        <p className="govuk-body app-requirement__text">{content}</p>
      </div>
    );
  }
  return (
    <p className={`govuk-body app-diff__block${block.kind === 'listItem' ? ' app-diff__block--item' : ''}`}>
      {whole} {content}
    </p>
  );
}

function RequirementChanges({ changes, boroughName }: { changes: RequirementChange[]; boroughName: (id: string) => string }) {
  if (changes.length === 0) return <p className="govuk-body">No requirement was added, removed or changed.</p>;
  const applies = (ids: string[] | undefined) => (!ids || ids.length === 0 ? 'All boroughs' : ids.map(boroughName).join(', '));
  return (
    <table className="govuk-table" data-testid="requirement-changes">
      <caption className="govuk-visually-hidden">Requirements added, removed or changed</caption>
      <TableHead columns={['Requirement', 'Change', 'Priority', 'Applies to']} />
      <tbody className="govuk-table__body">
        {changes.map((c) => (
          <tr className="govuk-table__row" key={c.id}>
            <th scope="row" className="govuk-table__header">
              {c.id}
              <br />
              <span className="govuk-body-s govuk-!-font-weight-regular">{(c.after ?? c.before)?.text}</span>
            </th>
            <td className="govuk-table__cell">
              <Tag colour={c.kind === 'added' ? 'green' : c.kind === 'removed' ? 'red' : 'blue'}>
                {c.kind === 'added' ? 'Added' : c.kind === 'removed' ? 'Removed' : 'Changed'}
              </Tag>
              {c.kind === 'changed' && (
                <span className="govuk-body-s"> {c.changed.map((f) => (f === 'appliesTo' ? 'applies to' : f)).join(', ')}</span>
              )}
            </td>
            <td className="govuk-table__cell">
              {c.changed.includes('priority')
                ? `${priorityLabel[c.before!.priority as Priority]} → ${priorityLabel[c.after!.priority as Priority]}`
                : priorityLabel[(c.after ?? c.before)!.priority as Priority]}
              <ChangedBy author={c.changedBy.priority} />
            </td>
            <td className="govuk-table__cell">
              {c.changed.includes('appliesTo')
                ? `${applies(c.before?.appliesTo)} → ${applies(c.after?.appliesTo)}`
                : applies((c.after ?? c.before)?.appliesTo)}
              <ChangedBy author={c.changedBy.appliesTo} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Who changed a requirement's attribute, and when: "Changed by Tom Okafor, Camden, 1 December 2026 at 10:02". */
function ChangedBy({ author }: { author: RequirementChange['changedBy']['priority'] }) {
  if (!author) return null;
  const { person } = author;
  return (
    <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0" data-testid="changed-by">
      Changed by {person.name}
      {person.borough && `, ${person.borough}`}, {formatDateTime(author.at)}
    </span>
  );
}

function EntryChanges({ changes, nothing }: { changes: EntryChange[]; nothing: string }) {
  if (changes.length === 0) return <p className="govuk-body">{nothing}</p>;
  return (
    <>
      {changes.map((entry) => (
        <div className="app-card" key={entry.id} data-testid="entry-change">
          <div className="app-card__header">
            <h4 className="govuk-heading-s govuk-!-margin-bottom-0">{entry.label}</h4>
            <Tag colour={entry.kind === 'added' ? 'green' : entry.kind === 'removed' ? 'red' : 'blue'}>
              {entry.kind === 'added' ? 'Added' : entry.kind === 'removed' ? 'Removed' : 'Changed'}
            </Tag>
          </div>
          <div className="app-card__body">
            <dl className="govuk-summary-list">
              {entry.fields.map((f) => (
                <div className="govuk-summary-list__row" key={f.label}>
                  <dt className="govuk-summary-list__key">{f.label}</dt>
                  <dd className="govuk-summary-list__value">
                    {f.before && (
                      <p className="govuk-body">
                        <span className="govuk-visually-hidden">Before: </span>
                        <del>{f.before}</del>
                      </p>
                    )}
                    {f.after && (
                      <p className="govuk-body">
                        <span className="govuk-visually-hidden">After: </span>
                        <ins>{f.after}</ins>
                      </p>
                    )}
                  </dd>
                </div>
              ))}
            </dl>
          </div>
        </div>
      ))}
    </>
  );
}
