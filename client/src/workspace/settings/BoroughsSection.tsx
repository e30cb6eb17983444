import { useState, type FormEvent } from 'react';
import type { BoroughSummary, ProcurementDetail } from '../../../../shared/api.js';
import { boroughRoleLabel } from '../../../../shared/roles.js';
import { api } from '../../api/client.js';
import { useLoad } from '../../api/use-load.js';
import { Button, ErrorSummary, Radios, Select, TableHead } from '../../ui/govuk.js';
import { useAction } from '../../api/use-action.js';

export function BoroughsSection({ procurement, onChanged }: { procurement: ProcurementDetail; onChanged: () => Promise<void> }) {
  const all = useLoad(() => api.get<{ boroughs: BoroughSummary[] }>('/api/boroughs'), []);
  const [boroughId, setBoroughId] = useState('');
  const [role, setRole] = useState('partner');
  const action = useAction();
  const owner = procurement.me.can.manageBoroughs;
  const path = `/api/procurements/${procurement.id}/boroughs`;
  const taking = new Set(procurement.boroughs.map((b) => b.id));
  const choices = (all.data?.boroughs ?? []).filter((b) => !taking.has(b.id));

  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (!boroughId) {
      action.setErrors([{ field: 'add-borough', message: 'Choose a borough to add' }]);
      return;
    }
    if (await action.run(() => api.post(path, { boroughId, role }))) {
      setBoroughId('');
      await onChanged();
    }
  };

  return (
    <section aria-labelledby="boroughs-heading">
      <h2 className="govuk-heading-m" id="boroughs-heading">
        Participating boroughs
      </h2>
      <ErrorSummary errors={action.errors} />
      <table className="govuk-table app-table--stacked">
        <caption className="govuk-visually-hidden">Boroughs taking part and their roles</caption>
        <TableHead columns={owner ? ['Borough', 'Role', { hidden: 'Actions' }] : ['Borough', 'Role']} />
        <tbody className="govuk-table__body">
          {procurement.boroughs.map((b) => (
            <tr className="govuk-table__row" key={b.id}>
              <th scope="row" className="govuk-table__header">
                {b.officialName}
              </th>
              <td data-label="Role" className="govuk-table__cell">
                {boroughRoleLabel[b.role]}
              </td>
              {owner && (
                <td className="govuk-table__cell app-table-actions">
                  {b.role !== 'lead' && (
                    <>
                      <button
                        type="button"
                        className="app-link-button govuk-!-margin-right-3"
                        onClick={() =>
                          action.run(async () => {
                            await api.patch(`${path}/${b.id}`, { role: b.role === 'partner' ? 'observer' : 'partner' });
                            await onChanged();
                          })
                        }
                      >
                        Make {b.role === 'partner' ? 'observer' : 'partner'}
                        <span className="govuk-visually-hidden"> ({b.name})</span>
                      </button>
                      <button
                        type="button"
                        className="app-link-button"
                        onClick={() => {
                          if (!confirm(`Remove ${b.name}? Its members lose access at once.`)) return;
                          void action.run(async () => {
                            await api.delete(`${path}/${b.id}`);
                            await onChanged();
                          });
                        }}
                      >
                        Remove<span className="govuk-visually-hidden"> {b.name}</span>
                      </button>
                    </>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {owner && (
        <form onSubmit={add} noValidate>
          <h3 className="govuk-heading-s">Add a borough</h3>
          <Select
            id="add-borough"
            label="Borough"
            value={boroughId}
            onChange={setBoroughId}
            error={action.fieldError('add-borough') ?? action.fieldError('boroughId')}
            options={[{ value: '', label: 'Choose a borough' }, ...choices.map((b) => ({ value: b.id, label: b.name }))]}
          />
          <Radios
            name="add-borough-role"
            legend="Role"
            value={role}
            onChange={setRole}
            inline
            small
            options={[
              { value: 'partner', label: 'Partner', hint: 'Takes part and edits' },
              { value: 'observer', label: 'Observer', hint: 'Can read everything, changes nothing' },
            ]}
          />
          <Button variant="secondary" disabled={action.busy}>
            Add borough
          </Button>
        </form>
      )}
    </section>
  );
}
