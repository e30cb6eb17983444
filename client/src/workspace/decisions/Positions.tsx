/**
 * Each participating borough's position on a decision (formal acts, kept in SQL), and,
 * for a borough lead, the form to record their borough's position on the option
 * proposed. There is nothing to take a position on until an option is proposed; a
 * position recorded for an earlier proposal (or before the option was reworded) is shown
 * as such, and the borough is asked again.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ProcurementDetail } from '../../../../shared/api.js';
import {
  boroughPositions,
  positionLabel,
  positionSummary,
  type BoroughPosition,
  type BoroughPositionValue,
  type DecisionRecord,
} from '../../../../shared/decisions.js';
import { api } from '../../api/client.js';
import { useAction } from '../../api/use-action.js';
import { formatDateTime } from '../../ui/format.js';
import { Button, ErrorSummary, Radios, TableHead, Tag, Textarea } from '../../ui/govuk.js';

const colour: Record<BoroughPositionValue, 'green' | 'red' | 'grey'> = { support: 'green', object: 'red', abstain: 'grey' };

/** The option proposed, as the document holds it now. */
export interface ProposedOption {
  id: string;
  title: string;
}

export function Positions({
  procurement,
  decisionId,
  record,
  proposal,
  onRecorded,
}: {
  procurement: ProcurementDetail;
  decisionId: string;
  record: DecisionRecord | undefined;
  proposal: ProposedOption | null;
  onRecorded: () => Promise<void>;
}) {
  const buying = procurement.boroughs.filter((b) => b.role !== 'observer');
  const mine = buying.find((b) => b.id === procurement.me.boroughId);
  const mayRecord = procurement.me.can.speakForBorough && !!mine;
  return (
    <section aria-labelledby={`${decisionId}-positions`}>
      <h4 className="govuk-heading-s" id={`${decisionId}-positions`}>
        Boroughs’ positions
      </h4>
      <p className="govuk-body" data-testid="proposal">
        {proposal ? (
          <>
            Proposed: <strong>{proposal.title || 'an untitled option'}</strong>
          </>
        ) : (
          'No option is proposed yet. Boroughs record their positions once one is.'
        )}
      </p>
      <table className="govuk-table govuk-!-font-size-16 app-table--stacked" data-testid="positions">
        <caption className="govuk-visually-hidden">Position of each borough taking part</caption>
        <TableHead columns={['Borough', 'Position', 'Comment', 'Recorded']} />
        <tbody className="govuk-table__body">
          {buying.map((b) => {
            const p = record?.positions.find((x) => x.borough.id === b.id);
            return (
              <tr className="govuk-table__row" key={b.id} data-borough={b.id}>
                <th scope="row" className="govuk-table__header">
                  {b.name}
                </th>
                <td data-label="Position" className="govuk-table__cell">
                  <PositionCell position={p} />
                </td>
                <td data-label="Comment" className="govuk-table__cell">
                  {p?.comment || '–'}
                </td>
                <td data-label="Recorded" className="govuk-table__cell">
                  {p ? `${p.recordedBy.name}, ${formatDateTime(p.recordedAt)}` : '–'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {mayRecord && proposal && (
        <PositionForm
          procurement={procurement}
          decisionId={decisionId}
          boroughName={mine.name}
          proposal={proposal}
          current={record?.positions.find((p) => p.borough.id === mine.id && p.current)}
          onRecorded={onRecorded}
        />
      )}
    </section>
  );
}

function PositionCell({ position }: { position: BoroughPosition | undefined }) {
  if (!position) return <Tag colour="grey">Not yet</Tag>;
  if (!position.current) {
    return (
      <>
        <Tag colour="yellow">Asked again</Tag>
        <br />
        <span className="govuk-body-s">Earlier: {positionSummary(position)}</span>
      </>
    );
  }
  return (
    <>
      <Tag colour={colour[position.position]}>{positionLabel[position.position]}</Tag>
      {position.position !== 'abstain' && <span className="govuk-body-s"> {position.optionTitle || 'an untitled option'}</span>}
    </>
  );
}

function PositionForm({
  procurement,
  decisionId,
  boroughName,
  proposal,
  current,
  onRecorded,
}: {
  procurement: ProcurementDetail;
  decisionId: string;
  boroughName: string;
  proposal: ProposedOption;
  current: BoroughPosition | undefined;
  onRecorded: () => Promise<void>;
}) {
  const [position, setPosition] = useState<string>(current?.position ?? '');
  const [comment, setComment] = useState(current?.comment ?? '');
  const [recorded, setRecorded] = useState<string | null>(null);
  const message = useRef<HTMLDivElement>(null);
  const action = useAction();
  const positionField = `${decisionId}-position`;

  // After recording, focus moves to what was recorded (and screen readers read it).
  useEffect(() => {
    if (recorded) message.current?.focus();
  }, [recorded]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!position) {
      action.setErrors([{ field: positionField, message: `Choose ${boroughName}’s position` }]);
      return;
    }
    if (position === 'object' && !comment.trim()) {
      action.setErrors([{ field: `${decisionId}-comment`, message: `Say why ${boroughName} objects` }]);
      return;
    }
    const body = { position, optionId: proposal.id, comment };
    if (await action.run(() => api.put(`/api/procurements/${procurement.id}/decisions/${decisionId}/position`, body))) {
      setRecorded(
        `${boroughName}’s position is recorded: ${positionSummary({ position: position as BoroughPositionValue, optionTitle: proposal.title })}.`,
      );
      await onRecorded();
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate data-testid="position-form">
      {recorded && (
        <div className="govuk-inset-text" role="status" tabIndex={-1} ref={message}>
          {recorded}
        </div>
      )}
      <ErrorSummary errors={action.errors} />
      <Radios
        name={positionField}
        legend={`Does ${boroughName} support “${proposal.title || 'the proposed option'}”?`}
        hint={`As ${boroughName}’s lead, you record its position for everyone to see. It stays on record.`}
        value={position}
        onChange={setPosition}
        small
        error={action.fieldError(positionField) ?? action.fieldError('position')}
        options={boroughPositions.map((p) => ({ value: p, label: positionLabel[p] }))}
      />
      <Textarea
        id={`${decisionId}-comment`}
        label={position === 'object' ? `Why ${boroughName} objects` : 'Comment (optional)'}
        rows={2}
        value={comment}
        onChange={setComment}
        error={action.fieldError(`${decisionId}-comment`) ?? action.fieldError('comment')}
      />
      <Button variant="secondary" disabled={action.busy}>
        Record {boroughName}’s position
      </Button>
    </form>
  );
}
