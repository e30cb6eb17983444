/** Always visible: whether the work is saved, being saved, kept on this device, or closed. */
import type { ConnectionState } from './live-document.js';

const texts: Record<ConnectionState['kind'], string> = {
  connecting: 'Connecting…',
  saving: 'Saving…',
  saved: 'Connected. All changes saved',
  'read-only': 'Connected. Read only',
  offline: 'Offline',
  closed: 'Disconnected',
};

export function ConnectionStatus({ state }: { state: ConnectionState }) {
  const modifier =
    state.kind === 'saved' || state.kind === 'read-only'
      ? 'saved'
      : state.kind === 'offline'
        ? 'offline'
        : state.kind === 'closed'
          ? 'closed'
          : 'saving';
  let detail = '';
  if (state.kind === 'offline') {
    detail = state.unsaved
      ? 'Reconnecting. Your changes are kept on this device and will be sent when you are back online.'
      : 'Reconnecting…';
    if (state.reason) detail = `${state.reason} ${detail}`;
  }
  if (state.kind === 'closed') detail = state.message;
  return (
    <div
      className={`app-connection app-connection--${modifier}`}
      role="status"
      aria-live="polite"
      data-testid="connection-status"
      data-state={state.kind}
    >
      <span className="app-connection__dot" aria-hidden="true" />
      <span>
        {texts[state.kind]}
        {detail && <span className="govuk-!-font-weight-regular"> – {detail}</span>}
      </span>
    </div>
  );
}
