/**
 * Suggested changes accepted or rejected, as the history and the comparison list them:
 * who decided, whose suggestion (with boroughs), where, and what it proposed.
 */
import type { SuggestionDecisionRecord } from '../../../../shared/history.js';
import { formatDateTime } from '../../ui/format.js';

/** "add “by text message”", "priority: Should → Must": what the suggestion proposed. */
function proposal(decision: SuggestionDecisionRecord): string {
  switch (decision.kind) {
    case 'insertion':
      return `add “${decision.summary}”`;
    case 'deletion':
      return `remove “${decision.summary}”`;
    case 'requirement':
      return `a new requirement, “${decision.summary}”`;
    case 'priority':
      return `priority ${decision.summary}`;
    case 'applies-to':
      return `applies to ${decision.summary}`;
    case 'other':
      return decision.summary;
  }
}

const named = (person: { name: string; borough: string | null }) => `${person.name}${person.borough ? ` (${person.borough})` : ''}`;

/** One decision in a sentence. */
export function describeDecision(decision: SuggestionDecisionRecord): string {
  const decider = decision.decidedBy ? named(decision.decidedBy) : 'Jointly';
  const own = decision.decidedBy?.id === decision.suggestedBy.id;
  const where = decision.place ? ` in ${decision.place}` : '';
  const did = own
    ? `${decision.outcome === 'rejected' ? 'withdrew their' : 'accepted their own'} suggestion`
    : `${decision.outcome} a suggestion by ${named(decision.suggestedBy)}`;
  return `${decider} ${did}${where}: ${proposal(decision)}.`;
}

export function SuggestionDecisions({ decisions, withTimes }: { decisions: SuggestionDecisionRecord[]; withTimes?: boolean }) {
  if (decisions.length === 0) return null;
  return (
    <ul className="govuk-list govuk-!-font-size-16 govuk-!-margin-bottom-1" data-testid="suggestion-decisions">
      {decisions.map((decision) => (
        <li key={`${decision.seq}:${decision.suggestedAt}:${decision.summary}`}>
          {describeDecision(decision)}
          {withTimes && ` Proposed ${formatDateTime(decision.suggestedAt)}, decided ${formatDateTime(decision.decidedAt)}.`}
        </li>
      ))}
    </ul>
  );
}
