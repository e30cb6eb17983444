import { useSearchParams } from 'react-router';
import type { ProcurementDetail } from '../../../../shared/api.js';
import { NotificationBanner } from '../../ui/govuk.js';
import { useTitle } from '../../ui/Layout.js';
import { BoroughsSection } from './BoroughsSection.js';
import { DetailsSection } from './DetailsSection.js';
import { InvitationsSection } from './InvitationsSection.js';
import { MembersSection } from './MembersSection.js';
import { WhoDecidesSection } from './WhoDecidesSection.js';

export function SettingsPage({ procurement, reload }: { procurement: ProcurementDetail; reload: () => Promise<void> }) {
  useTitle(`Settings – ${procurement.title}`);
  const [params] = useSearchParams();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds-from-desktop">
        {params.get('created') && (
          <NotificationBanner success title="Success">
            <p className="govuk-notification-banner__heading">Procurement created.</p>
            <p className="govuk-body">Add the boroughs taking part and invite colleagues, then start on the specification.</p>
          </NotificationBanner>
        )}
        <DetailsSection procurement={procurement} onChanged={reload} />
        <BoroughsSection procurement={procurement} onChanged={reload} />
        <WhoDecidesSection procurement={procurement} onChanged={reload} />
        <MembersSection procurement={procurement} onChanged={reload} />
        {procurement.me.can.manageOwnBorough && <InvitationsSection procurement={procurement} />}
      </div>
    </div>
  );
}
