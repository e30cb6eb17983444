import { Link } from 'react-router';
import { PageHeading } from '../ui/govuk.js';
import { useTitle } from '../ui/Layout.js';

export function NotFoundPage({ message }: { message?: string }) {
  useTitle('Page not found');
  return (
    <>
      <PageHeading>Page not found</PageHeading>
      <p className="govuk-body">{message ?? 'If you typed the web address, check it is correct.'}</p>
      <p className="govuk-body">If a procurement you worked on is missing, you may have been removed from it. Ask its owner.</p>
      <p className="govuk-body">
        <Link className="govuk-link" to="/procurements">
          Go to your procurements
        </Link>
      </p>
    </>
  );
}
