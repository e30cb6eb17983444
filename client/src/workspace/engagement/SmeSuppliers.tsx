/**
 * Which of an activity's suppliers are small or medium-sized enterprises: one small
 * checkbox each, co-edited live in the activity's `smes` list, for the summary of
 * preliminary market engagement (see shared/engagement-disclosure.ts).
 */
import type * as Y from 'yjs';
import { suppliersOf } from '../../../../shared/engagement-disclosure.js';
import { Checkbox } from '../../ui/govuk.js';
import { useYDeep } from '../use-y.js';

export function SmeSuppliers({ entry }: { entry: Y.Map<unknown> }) {
  const id = entry.get('id') as string;
  const suppliers = useYDeep(entry, () => suppliersOf(entry));
  const smes = entry.get('smes') as Y.Array<string> | undefined;
  if (!smes || suppliers.length === 0) return null;
  const mark = (name: string, sme: boolean) => {
    const at = smes.toArray().indexOf(name);
    if (sme && at < 0) smes.push([name]);
    if (!sme && at >= 0) smes.delete(at, 1);
  };
  return (
    <div className="govuk-form-group">
      <fieldset className="govuk-fieldset" aria-describedby={`${id}-smes-hint`}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Small or medium-sized enterprises (SMEs)</legend>
        <div id={`${id}-smes-hint`} className="govuk-hint">
          Tick the suppliers that are SMEs. Leave them all unticked if you do not know.
        </div>
        <div className="govuk-checkboxes govuk-checkboxes--small">
          {suppliers.map((supplier, i) => (
            <Checkbox
              key={`${supplier.name}-${i}`}
              id={`${id}-sme-${i}`}
              label={supplier.name}
              checked={supplier.sme}
              onChange={(sme) => mark(supplier.name, sme)}
            />
          ))}
        </div>
      </fieldset>
    </div>
  );
}
