/**
 * Each participating borough's position on a decision (formal acts, kept in SQL), and,
 * for a borough lead, the form to record their borough's position.
 */
import { useState, type FormEvent } from 'react';
import {
  boroughPositions,
  positionLabel,
  type BoroughPositionValue,
  type DecisionRecord,
  type ProcurementDetail,
} from '../../../../shared/api.js';
import { api } from '../../api/client.js';
import { formatDateTime } from '../../ui/format.js';
import { Button, ErrorSummary, Radios, Tag, Textarea, TableHead } from '../../ui/govuk.js';
import { useAction } from '../../api/use-action.js';

const colour: Record<BoroughPositionValue, 'green' | 'red' | 'grey'> = { support: 'green', object: 'red', abstain: 'grey' };

export function Positions({
  procurement,
  decisionId,
  record,
  onRecorded,
}: {
  procurement: ProcurementDetail;
  decisionId: string;
  record: DecisionRecord | undefined;
  onRecorded: () => Promise<void>;
}) {
  const buying = procurement.boroughs.filter((b) => b.role !== 'observer');
  const mine = buying.find((b) => b.id === procurement.me.boroughId);
  const myCurrent = record?.positions.find((p) => p.borough.id === procurement.me.boroughId);
  const [position, setPosition] = useState<string>(myCurrent?.position ?? '');
  const [comment, setComment] = useState(myCurrent?.comment ?? '');
  const action = useAction();
  const mayRecord = procurement.me.can.speakForBorough && !!mine;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!position) {
      action.setErrors([{ field: `${decisionId}-position`, message: `Choose ${mine?.name}’s position` }]);
      return;
    }
    if (await action.run(() => api.put(`/api/procurements/${procurement.id}/decisions/${decisionId}/position`, { position, comment }))) {
      await onRecorded();
    }
  };

  return (
    <section aria-labelledby={`${decisionId}-positions`}>
      <h4 className="govuk-heading-s" id={`${decisionId}-positions`}>
        Boroughs’ positions
      </h4>
      <table className="govuk-table govuk-!-font-size-16" data-testid="positions">
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
                <td className="govuk-table__cell">
                  {p ? <Tag colour={colour[p.position]}>{positionLabel[p.position]}</Tag> : <Tag colour="grey">Not yet</Tag>}
                </td>
                <td className="govuk-table__cell">{p?.comment || '–'}</td>
                <td className="govuk-table__cell">{p ? `${p.recordedBy.name}, ${formatDateTime(p.recordedAt)}` : '–'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {mayRecord && (
        <form onSubmit={submit} noValidate>
          <ErrorSummary errors={action.errors} />
          <Radios
            name={`${decisionId}-position`}
            legend={`${mine.name}’s position`}
            hint={`As ${mine.name}’s lead, you record its position for everyone to see.`}
            value={position}
            onChange={setPosition}
            inline
            small
            error={action.fieldError(`${decisionId}-position`)}
            options={boroughPositions.map((p) => ({ value: p, label: positionLabel[p] }))}
          />
          <Textarea
            id={`${decisionId}-comment`}
            label="Comment (optional)"
            rows={2}
            value={comment}
            onChange={setComment}
            error={action.fieldError('comment')}
          />
          <Button variant="secondary" disabled={action.busy}>
            Record {mine.name}’s position
          </Button>
        </form>
      )}
    </section>
  );
}
