/** Design decisions: the starting three and any the boroughs add, with their status and each borough's position. */
import { useEffect, useState, type FormEvent } from 'react';
import type { DecisionRecord } from '../../../../shared/decisions.js';
import { decisionsOf, newDecision } from '../../../../shared/doc-layout.js';
import { api } from '../../api/client.js';
import { useLoad } from '../../api/use-load.js';
import { Button, Details, ErrorSummary, Textarea, TextInput } from '../../ui/govuk.js';
import { useTitle } from '../../ui/Layout.js';
import { CommentsScope } from '../comments/CommentsScope.js';
import { useYDeep } from '../use-y.js';
import type { WorkspaceContext } from '../workspace-context.js';
import { DecisionCard } from './DecisionCard.js';
import { ExportLinks } from '../ExportLinks.js';
import { usePlaceInAddress } from '../place-in-address.js';

export function DecisionsPage({ procurement, doc, live, canEdit, onEvent }: WorkspaceContext) {
  useTitle(`Decisions – ${procurement.title}`);
  usePlaceInAddress();
  const list = decisionsOf(doc);
  // A past version shows the words only: status and positions are today's formal records.
  const historical = live === null;
  const decisions = useYDeep(list, () => list.toArray());
  const records = useLoad(
    () => api.get<{ decisions: DecisionRecord[] }>(`/api/procurements/${procurement.id}/decisions`),
    [procurement.id],
  );
  const reloadRecords = records.reload;
  const [title, setTitle] = useState('');
  const [question, setQuestion] = useState('');
  const [errors, setErrors] = useState<{ field?: string; message: string }[]>([]);

  // Positions and statuses recorded by others appear without reloading the page.
  useEffect(() => onEvent((event) => (event.type === 'decisions-changed' ? void reloadRecords() : undefined)), [onEvent, reloadRecords]);

  const add = (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) {
      setErrors([{ field: 'new-decision-title', message: 'Enter what needs deciding' }]);
      return;
    }
    list.push([newDecision({ topic: 'other', title: title.trim(), question: question.trim() })]);
    setTitle('');
    setQuestion('');
    setErrors([]);
  };

  return (
    <CommentsScope procurement={procurement} live={live} onEvent={onEvent}>
      <h2 className="govuk-heading-m">Design decisions</h2>
      <p className="govuk-body">
        Decide together how the boroughs will buy. Each borough’s lead records its position; a decision is agreed only while every borough
        taking part supports it.
      </p>
      {!historical && <ExportLinks procurement={procurement} document="decisions" />}
      {decisions.map((decision, i) => (
        <DecisionCard
          key={decision.get('id') as string}
          decision={decision}
          number={i + 1}
          procurement={procurement}
          canEdit={canEdit}
          record={records.data?.decisions.find((r) => r.decisionId === decision.get('id'))}
          onRecorded={reloadRecords}
          historical={historical}
        />
      ))}
      {canEdit && !historical && (
        <Details summary="Add a decision">
          <form onSubmit={add} noValidate>
            <ErrorSummary errors={errors} />
            <TextInput id="new-decision-title" label="What needs deciding" value={title} onChange={setTitle} error={errors[0]?.message} />
            <Textarea id="new-decision-question" label="The question (optional)" rows={2} value={question} onChange={setQuestion} />
            <Button variant="secondary">Add decision</Button>
          </form>
        </Details>
      )}
    </CommentsScope>
  );
}
