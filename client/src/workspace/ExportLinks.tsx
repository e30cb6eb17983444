/**
 * Downloads for the procurement file and each borough's tender pack. Every member may
 * export; the server checks access like everything else. Given a named version, it
 * offers that version's whole specification and each buying borough's tender pack in
 * every format, with or without the internal sign-off table.
 */
import { useId, useState } from 'react';
import type { ProcurementDetail } from '../../../shared/api.js';
import { Checkbox } from '../ui/govuk-choices.js';

type Document = 'specification' | 'decisions' | 'engagement' | 'preliminary-engagement';

const titles: Record<Document, string> = {
  specification: 'Download the specification',
  decisions: 'Download the decision log',
  engagement: 'Download the engagement record',
  'preliminary-engagement': 'Download the preliminary market engagement summary',
};

/** What the links need to know about the procurement. */
type ExportProcurement = Pick<ProcurementDetail, 'id' | 'boroughs'>;

/** A named version of the specification, as the named-versions list has it. */
export interface ExportVersion {
  id: string;
  name: string;
}

/** The query string for an export, without the parameters that are not set. */
function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1])).toString();
  return search ? `?${search}` : '';
}

/** Lead and partner boroughs: those that buy, and so send out a tender pack. */
function buyingBoroughs(procurement: ExportProcurement) {
  return procurement.boroughs.filter((b) => b.role !== 'observer');
}

/**
 * Download links for one of the procurement's documents.
 *
 * Without `version`: the live document (the specification also per borough in Word).
 * With `version` (the specification only): that named version's whole specification and
 * each buying borough's tender pack, each as Word, Markdown and a printable page, and a
 * checkbox for the internal sign-off table (left out unless ticked).
 */
export function ExportLinks({
  procurement,
  document,
  version,
}: {
  procurement: ExportProcurement;
  document: Document;
  /** A named version of the specification, to offer its whole text and each tender pack. */
  version?: ExportVersion;
}) {
  if (version && document === 'specification') return <VersionExportLinks procurement={procurement} version={version} />;
  const base = `/api/procurements/${procurement.id}/export/${document}`;
  return (
    <details className="govuk-details app-exports" data-testid={`export-${document}`}>
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">{titles[document]}</span>
      </summary>
      <div className="govuk-details__text">
        <ul className="govuk-list">
          <li>
            <a className="govuk-link" href={`${base}.docx`} download>
              Word document{document === 'specification' ? ', all boroughs' : ''}
            </a>
          </li>
          {document === 'specification' && (
            <li>
              <a className="govuk-link" href={`${base}.docx${query({ suggestions: 'include', comments: 'include' })}`} download>
                Word document for review
              </a>{' '}
              <span className="app-field-note">(open suggestions as tracked changes, open comments as Word comments)</span>
            </li>
          )}
          {document === 'specification' &&
            buyingBoroughs(procurement).map((b) => (
              <li key={b.id}>
                <a className="govuk-link" href={`${base}.docx${query({ borough: b.id })}`} download>
                  Word document for {b.name}’s tender pack
                </a>{' '}
                <span className="app-field-note">(leaves out the other boroughs’ own requirements)</span>
              </li>
            ))}
          <li>
            <a className="govuk-link" href={`${base}.md`} download>
              Markdown
            </a>
          </li>
          {document === 'specification' && (
            <li>
              <a className="govuk-link" href={`${base}.html`} target="_blank" rel="noreferrer">
                Printable page (opens in a new tab; print or save as PDF)
              </a>
            </li>
          )}
        </ul>
      </div>
    </details>
  );
}

/** One named version's downloads: the whole specification, then each borough's tender pack. */
function VersionExportLinks({ procurement, version }: { procurement: ExportProcurement; version: ExportVersion }) {
  const checkboxId = useId();
  // Left out unless asked for: the same choice for every link, so that nothing internal
  // reaches a supplier by default.
  const [signoffs, setSignoffs] = useState(false);
  const base = `/api/procurements/${procurement.id}/export/specification`;
  const choices = [
    { key: 'all', title: 'Whole specification', about: 'the whole specification', borough: undefined },
    ...buyingBoroughs(procurement).map((b) => ({
      key: b.id,
      title: `${b.name}’s tender pack`,
      about: `${b.name}’s tender pack`,
      borough: b.id,
    })),
  ];
  return (
    <details className="govuk-details app-exports" data-testid={`export-version-${version.id}`}>
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Download “{version.name}”</span>
      </summary>
      <div className="govuk-details__text">
        <p className="govuk-body">A borough’s tender pack leaves out the requirements that apply only to the other boroughs.</p>
        <div className="govuk-form-group">
          <div className="govuk-checkboxes govuk-checkboxes--small">
            <Checkbox
              id={checkboxId}
              label="Include the internal sign-off table"
              hint="Which boroughs signed this version off, by whom and when. Leave it out of anything sent to suppliers."
              checked={signoffs}
              onChange={setSignoffs}
            />
          </div>
        </div>
        <ul className="govuk-list">
          {choices.map((choice) => {
            const search = query({ version: version.id, borough: choice.borough, signoffs: signoffs ? 'include' : 'omit' });
            // Each link says, for screen readers, which file of which version it is.
            const context = (
              <span className="govuk-visually-hidden">
                {' '}
                for {choice.about} (“{version.name}”)
              </span>
            );
            return (
              <li key={choice.key} data-testid={`export-pack-${choice.key}`}>
                <span className="govuk-!-font-weight-bold">{choice.title}</span>:{' '}
                <a className="govuk-link" href={`${base}.docx${search}`} download>
                  Word document{context}
                </a>
                ,{' '}
                <a className="govuk-link" href={`${base}.md${search}`} download>
                  Markdown{context}
                </a>
                ,{' '}
                <a className="govuk-link" href={`${base}.html${search}`} target="_blank" rel="noreferrer">
                  printable page{context} (opens in a new tab)
                </a>
              </li>
            );
          })}
        </ul>
      </div>
    </details>
  );
}
