/**
 * The filters above the thread list: open or resolved, and, folded away until wanted,
 * whose borough started it, mine, and mentioning me.
 */
import type { ParticipatingBorough } from '../../../../shared/api.js';
import { Checkbox, Details, Radios, Select } from '../../ui/govuk.js';
import type { ThreadFilter } from './thread-filters.js';

export function ThreadFilters({
  filter,
  onChange,
  boroughs,
  counts,
}: {
  filter: ThreadFilter;
  onChange: (filter: ThreadFilter) => void;
  boroughs: readonly ParticipatingBorough[];
  counts: { open: number; resolved: number };
}) {
  const set = (change: Partial<ThreadFilter>) => onChange({ ...filter, ...change });
  const more = [filter.boroughId !== '', filter.mine, filter.mentioningMe].filter(Boolean).length;
  return (
    <div className="app-comment-filters" data-testid="comment-filters">
      <Radios
        name="comment-status"
        legend="Show"
        inline
        small
        value={filter.status}
        onChange={(status) => set({ status: status as ThreadFilter['status'] })}
        options={[
          { value: 'open', label: `Open (${counts.open})` },
          { value: 'resolved', label: `Resolved (${counts.resolved})` },
        ]}
      />
      <Details summary={more > 0 ? `More filters (${more} chosen)` : 'More filters'}>
        <Select
          id="comment-borough"
          label="Started by"
          labelClass="govuk-label--s"
          value={filter.boroughId}
          onChange={(boroughId) => set({ boroughId })}
          options={[{ value: '', label: 'Any borough' }, ...boroughs.map((b) => ({ value: b.id, label: b.name }))]}
        />
        <fieldset className="govuk-fieldset">
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Only</legend>
          <div className="govuk-checkboxes govuk-checkboxes--small">
            <Checkbox
              id="comment-mine"
              label="Mine"
              hint="Started by me, or I commented"
              checked={filter.mine}
              onChange={(mine) => set({ mine })}
            />
            <Checkbox
              id="comment-mentioning-me"
              label="Mentioning me"
              hint="Me, or my borough"
              checked={filter.mentioningMe}
              onChange={(mentioningMe) => set({ mentioningMe })}
            />
          </div>
        </fieldset>
      </Details>
    </div>
  );
}
