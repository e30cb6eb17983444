/**
 * Downloads for the procurement file and each borough's tender pack. Every member may
 * export; the server checks access like everything else.
 */
import type { ProcurementDetail } from '../../../shared/api.js';

type Document = 'specification' | 'decisions' | 'engagement';

const titles: Record<Document, string> = {
  specification: 'Download the specification',
  decisions: 'Download the decision log',
  engagement: 'Download the engagement record',
};

export function ExportLinks({
  procurement,
  document,
  versionId,
}: {
  procurement: ProcurementDetail;
  document: Document;
  versionId?: string;
}) {
  const base = `/api/procurements/${procurement.id}/export/${document}`;
  const query = (params: Record<string, string | undefined>) => {
    const search = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1])).toString();
    return search ? `?${search}` : '';
  };
  const buying = procurement.boroughs.filter((b) => b.role !== 'observer');
  return (
    <details className="govuk-details app-exports" data-testid={`export-${document}`}>
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">{titles[document]}</span>
      </summary>
      <div className="govuk-details__text">
        <ul className="govuk-list">
          <li>
            <a className="govuk-link" href={`${base}.docx${query({ version: versionId })}`} download>
              Word document{document === 'specification' ? ', all boroughs' : ''}
            </a>
          </li>
          {document === 'specification' &&
            buying.map((b) => (
              <li key={b.id}>
                <a className="govuk-link" href={`${base}.docx${query({ version: versionId, borough: b.id })}`} download>
                  Word document for {b.name}’s tender pack
                </a>{' '}
                <span className="app-field-note">(leaves out the other boroughs’ own requirements)</span>
              </li>
            ))}
          <li>
            <a className="govuk-link" href={`${base}.md${query({ version: versionId })}`} download>
              Markdown
            </a>
          </li>
          {document === 'specification' && (
            <li>
              <a className="govuk-link" href={`${base}.html${query({ version: versionId })}`} target="_blank" rel="noreferrer">
                Printable page (opens in a new tab; print or save as PDF)
              </a>
            </li>
          )}
        </ul>
      </div>
    </details>
  );
}
