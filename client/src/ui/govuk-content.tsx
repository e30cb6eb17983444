/**
 * Page text and content blocks: the page heading, tags, banners, inset and warning
 * text, details and the confirmation panel.
 */
import { useId, type ReactNode } from 'react';

type Children = { children?: ReactNode };

/** The page's `h1`, focusable by its id so the layout can move focus to it on navigation. */
export function PageHeading({ caption, children }: Children & { caption?: string }) {
  return (
    <h1 className="govuk-heading-l" tabIndex={-1} id="page-heading">
      {caption && <span className="govuk-caption-l">{caption}</span>}
      {children}
    </h1>
  );
}

export type TagColour = 'grey' | 'green' | 'turquoise' | 'blue' | 'light-blue' | 'purple' | 'pink' | 'red' | 'orange' | 'yellow';

export function Tag({ children, colour }: Children & { colour?: TagColour }) {
  return <strong className={`govuk-tag${colour ? ` govuk-tag--${colour}` : ''}`}>{children}</strong>;
}

export function NotificationBanner({ title = 'Important', success, children }: Children & { title?: string; success?: boolean }) {
  const headingId = useId();
  return (
    <div
      className={`govuk-notification-banner${success ? ' govuk-notification-banner--success' : ''}`}
      role={success ? 'alert' : 'region'}
      aria-labelledby={headingId}
      data-module="govuk-notification-banner"
    >
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id={headingId}>
          {title}
        </h2>
      </div>
      <div className="govuk-notification-banner__content">{children}</div>
    </div>
  );
}

export function InsetText({ children }: Children) {
  return <div className="govuk-inset-text">{children}</div>;
}

export function WarningText({ children }: Children) {
  return (
    <div className="govuk-warning-text">
      <span className="govuk-warning-text__icon" aria-hidden="true">
        !
      </span>
      <strong className="govuk-warning-text__text">
        <span className="govuk-visually-hidden">Warning</span>
        {children}
      </strong>
    </div>
  );
}

export function Details({ summary, children, open }: Children & { summary: ReactNode; open?: boolean }) {
  return (
    <details className="govuk-details" open={open}>
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">{summary}</span>
      </summary>
      <div className="govuk-details__text">{children}</div>
    </details>
  );
}

export function Panel({ title, children }: Children & { title: string }) {
  return (
    <div className="govuk-panel govuk-panel--confirmation">
      <h1 className="govuk-panel__title">{title}</h1>
      <div className="govuk-panel__body">{children}</div>
    </div>
  );
}
