/**
 * "For you": what needs the signed-in person, newest first, across their procurements:
 * mentions, replies in their threads, suggestions waiting for their decision, and
 * decisions on their suggestions. Opening one marks it read; all can be marked read at once.
 */
import { Link } from 'react-router';
import type { ForYou, ForYouItem } from '../../../shared/comments.js';
import { api } from '../api/client.js';
import { useAction } from '../api/use-action.js';
import { useLoad } from '../api/use-load.js';
import { forYouMayHaveChanged } from '../for-you/unread.js';
import { formatDateTime } from '../ui/format.js';
import { Button, ErrorSummary, PageHeading, Tag } from '../ui/govuk.js';
import { useTitle } from '../ui/Layout.js';

/** What the person did, in the words of the list. */
function whatHappened(item: ForYouItem): string {
  const where = item.suggestion?.where ? ` to ${item.suggestion.where}` : '';
  switch (item.kind) {
    case 'mention':
      return 'mentioned you';
    case 'reply':
      return 'replied';
    case 'suggestion-waiting':
      return `suggested a change${where}, for you to accept or reject,`;
    case 'suggestion-decided':
      return `${item.suggestion?.outcome ?? 'decided on'} your suggestion${where}`;
  }
}

export function ForYouPage() {
  useTitle('For you');
  const list = useLoad(() => api.get<ForYou>('/api/for-you'), []);
  const action = useAction();

  const markRead = (ids?: number[]) =>
    action.run(async () => {
      await api.post('/api/for-you/read', ids ? { ids } : {});
      forYouMayHaveChanged();
      await list.reload();
    });

  if (list.loading && !list.data) return <p className="govuk-body">Loading…</p>;
  if (!list.data) return <ErrorSummary errors={[{ message: list.error?.message ?? 'Could not load your list.' }]} />;
  const { items, unread } = list.data;
  return (
    <>
      <PageHeading>For you</PageHeading>
      <p className="govuk-body">
        Comments that mention you or your borough, replies in threads you take part in, suggested changes waiting for your decision, and
        decisions on your suggestions. {unread > 0 ? `${unread} unread.` : 'Nothing unread.'}
      </p>
      <ErrorSummary errors={action.errors} />
      {unread > 0 && (
        <Button variant="secondary" onClick={() => void markRead()} disabled={action.busy}>
          Mark all as read
        </Button>
      )}
      {items.length === 0 ? (
        <p className="govuk-body">Nothing needs you yet.</p>
      ) : (
        <ul className="govuk-list app-for-you" data-testid="for-you">
          {items.map((item) => (
            <li key={item.id} className={`app-card${item.read ? '' : ' app-for-you__item--unread'}`}>
              <p className="govuk-body govuk-!-margin-bottom-1">
                {!item.read && <Tag colour="blue">Unread</Tag>} <strong>{item.actor.name}</strong>
                {item.actor.borough.name && `, ${item.actor.borough.name}`} {whatHappened(item)} in{' '}
                <Link
                  className="govuk-link"
                  to={threadLink(item)}
                  onClick={() => {
                    if (!item.read) void markRead([item.id]);
                  }}
                >
                  {item.procurement.title}
                  {item.thread && <span className="govuk-visually-hidden">, on “{item.thread.quote}”</span>}
                </Link>
              </p>
              {item.thread && <p className="govuk-body-s app-for-you__quote">On “{item.thread.quote}”</p>}
              {item.excerpt && (
                <p className="govuk-body govuk-!-margin-bottom-1">
                  {item.kind === 'suggestion-decided' ? `“${item.excerpt}”` : item.excerpt}
                </p>
              )}
              <p className="govuk-body-s govuk-!-margin-bottom-0">{formatDateTime(item.createdAt)}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** Where the thread is shown: the specification, the engagement record or the decisions. */
const pageOf = { specification: '', engagement: '/engagement', 'decision-option': '/decisions' } as const;

function threadLink(item: ForYouItem): string {
  const base = `/procurements/${item.procurement.id}`;
  if (item.thread) return `${base}${pageOf[item.thread.on]}?thread=${encodeURIComponent(item.thread.id)}`;
  // A suggestion: the specification, at its requirement when it has a number.
  const where = item.suggestion?.where;
  return where?.startsWith('REQ-') ? `${base}?block=${encodeURIComponent(where)}` : base;
}
