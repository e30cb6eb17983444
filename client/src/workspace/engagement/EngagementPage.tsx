/**
 * Market-engagement notes: the summary of preliminary market engagement for the tender
 * notice, then the activities with their suppliers, findings and follow-ups; sorted and filtered.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { engagementOf, engagementTypeLabel, engagementTypes, newEngagement } from '../../../../shared/doc-layout.js';
import { DateRange } from '../../ui/DateRange.js';
import { todayIso } from '../../ui/format.js';
import { Select } from '../../ui/govuk.js';
import { useTitle } from '../../ui/Layout.js';
import { CommentsScope } from '../comments/CommentsScope.js';
import { useYDeep } from '../use-y.js';
import type { WorkspaceContext } from '../workspace-context.js';
import { EngagementEntry } from './EngagementEntry.js';
import { PreliminaryEngagementSummary } from './PreliminaryEngagementSummary.js';
import { ExportLinks } from '../ExportLinks.js';
import { usePlaceInAddress } from '../place-in-address.js';

type Sort = 'newest' | 'oldest' | 'type';

export function EngagementPage({ procurement, doc, live, canEdit, onEvent }: WorkspaceContext) {
  useTitle(`Market engagement – ${procurement.title}`);
  usePlaceInAddress();
  const list = engagementOf(doc);
  const entries = useYDeep(list, () => list.toArray());
  const [type, setType] = useState('');
  const [supplier, setSupplier] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [sort, setSort] = useState<Sort>('newest');
  const [added, setAdded] = useState<string | null>(null);
  // Said (and focused) after an activity is deleted: the button that deleted it has gone. A
  // new object each time, so a second deletion with the same words moves focus again.
  const [deletedNote, setDeletedNote] = useState<{ text: string } | null>(null);
  const deletedNoteRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (deletedNote) deletedNoteRef.current?.focus();
  }, [deletedNote]);

  const shown = useMemo(() => {
    const needle = supplier.trim().toLowerCase();
    const filtered = entries.filter((e) => {
      const date = (e.get('date') as string) ?? '';
      if (type && e.get('type') !== type) return false;
      if (from && date < from) return false;
      if (to && date > to) return false;
      if (needle && !(e.get('suppliers') as Y.Array<string>).toArray().some((s) => s.toLowerCase().includes(needle))) return false;
      return true;
    });
    const byDate = (a: Y.Map<unknown>, b: Y.Map<unknown>) => String(a.get('date')).localeCompare(String(b.get('date')));
    if (sort === 'newest') filtered.sort((a, b) => byDate(b, a));
    if (sort === 'oldest') filtered.sort(byDate);
    if (sort === 'type') filtered.sort((a, b) => String(a.get('type')).localeCompare(String(b.get('type'))) || byDate(b, a));
    return filtered;
    // `entries` changes identity on every change inside the list.
  }, [entries, type, supplier, from, to, sort]);

  const add = () => {
    const entry = newEngagement({ type: 'rfi', date: todayIso() });
    list.insert(0, [entry]);
    setAdded(entry.get('id') as string);
    setDeletedNote(null);
  };

  const remove = (entry: Y.Map<unknown>) => {
    const title = (entry.get('title') as Y.Text).toString().trim() || 'Untitled activity';
    const index = list.toArray().indexOf(entry);
    if (index >= 0) list.delete(index, 1);
    setDeletedNote({ text: `You deleted “${title}”. This can be undone from the history.` });
  };

  return (
    <CommentsScope procurement={procurement} live={live} onEvent={onEvent}>
      <h2 className="govuk-heading-m">Market engagement</h2>
      <p className="govuk-body">
        Record each RFI, supplier day, meeting and demonstration: who took part, what was learnt and what happens next.
      </p>
      {live && <ExportLinks procurement={procurement} document="engagement" />}
      <PreliminaryEngagementSummary procurement={procurement} doc={doc} live={!!live} />
      {canEdit && (
        <button type="button" className="govuk-button" onClick={add}>
          Add an activity
        </button>
      )}
      <fieldset className="govuk-fieldset app-filters">
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Find activities</legend>
        <Select
          id="filter-type"
          label="Type"
          value={type}
          onChange={setType}
          options={[{ value: '', label: 'All types' }, ...engagementTypes.map((t) => ({ value: t, label: engagementTypeLabel[t] }))]}
        />
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="filter-supplier">
            Supplier
          </label>
          <input
            id="filter-supplier"
            className="govuk-input govuk-input--width-10"
            value={supplier}
            onChange={(e) => setSupplier(e.target.value)}
          />
        </div>
        <DateRange idPrefix="filter" from={from} to={to} onChange={(which, value) => (which === 'from' ? setFrom : setTo)(value)} />
        <Select
          id="sort"
          label="Sort by"
          value={sort}
          onChange={(v) => setSort(v as Sort)}
          options={[
            { value: 'newest', label: 'Newest first' },
            { value: 'oldest', label: 'Oldest first' },
            { value: 'type', label: 'Type' },
          ]}
        />
      </fieldset>
      <p className="govuk-body" role="status">
        Showing {shown.length} of {entries.length} {entries.length === 1 ? 'activity' : 'activities'}
      </p>
      {deletedNote && (
        <div className="govuk-inset-text" role="status" tabIndex={-1} ref={deletedNoteRef}>
          {deletedNote.text}
        </div>
      )}
      {shown.map((entry) => (
        <EngagementEntry
          key={entry.get('id') as string}
          entry={entry}
          procurement={procurement}
          canEdit={canEdit}
          startOpen={entry.get('id') === added}
          onRemove={() => remove(entry)}
        />
      ))}
    </CommentsScope>
  );
}
