/**
 * "For you": the mentions and replies that need the signed-in person, newest first,
 * across their procurements. Opening one marks it read; all can be marked read at once.
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

const what: Record<ForYouItem['kind'], string> = { mention: 'mentioned you', reply: 'replied' };

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
        Comments that mention you or your borough, and replies in threads you take part in.{' '}
        {unread > 0 ? `${unread} unread.` : 'Nothing unread.'}
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
                {item.actor.borough.name && `, ${item.actor.borough.name}`} {what[item.kind]} in{' '}
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
              <p className="govuk-body govuk-!-margin-bottom-1">{item.excerpt}</p>
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
  return item.thread ? `${base}${pageOf[item.thread.on]}?thread=${encodeURIComponent(item.thread.id)}` : base;
}
