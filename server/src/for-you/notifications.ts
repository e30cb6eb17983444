/**
 * "For you": what needs a person's attention, across their procurements. A comment that
 * mentions someone (or their borough) tells them; a reply tells everyone taking part in
 * the thread; nobody is told of their own comment, nor twice of one. Only what is in
 * procurements they are still a member of is shown.
 */
import type { ForYou, ForYouItem, MentionRef } from '../../../shared/comments.js';
import { inList, type Db } from '../db/database.js';

/** The most a person's list shows: the newest. */
export const forYouLimit = 100;

/** Tells the people a new (or newly edited) comment concerns. Runs in the caller's transaction. */
export function notifyForComment(
  db: Db,
  comment: { procurementId: string; threadId: string; commentId: string; authorId: string; mentions: readonly MentionRef[] },
  options: { replies: boolean },
): void {
  const { procurementId, threadId, commentId, authorId, mentions } = comment;
  const mentionedPeople = mentions.filter((m) => m.kind === 'person').map((m) => m.id);
  const mentionedBoroughs = mentions.filter((m) => m.kind === 'borough').map((m) => m.id);
  const ofBoroughs =
    mentionedBoroughs.length === 0
      ? []
      : db
          .all(
            db.kysely
              .selectFrom('procurement_members')
              .select('user_id')
              .where('procurement_id', '=', procurementId)
              .where(inList('borough_id', mentionedBoroughs)),
          )
          .map((r) => r.user_id);
  const mentioned = new Set([...mentionedPeople, ...ofBoroughs]);
  const inThread = options.replies
    ? db
        .all(
          db.kysely
            .selectFrom('comments')
            .select('author_id')
            .where('thread_id', '=', threadId)
            .where('deleted_at', 'is', null)
            .where('id', '!=', commentId),
        )
        .map((r) => r.author_id)
    : [];
  const recipients = new Map<string, 'mention' | 'reply'>();
  for (const userId of inThread) recipients.set(userId, 'reply');
  for (const userId of mentioned) recipients.set(userId, 'mention');
  recipients.delete(authorId);
  const now = db.now();
  for (const [userId, kind] of recipients) {
    db.run(
      db.kysely.insertInto('notifications').values({
        user_id: userId,
        procurement_id: procurementId,
        kind,
        thread_id: threadId,
        comment_id: commentId,
        actor_id: authorId,
        created_at: now,
        read_at: null,
      }),
    );
  }
}

function visible(db: Db, userId: string) {
  return db.kysely
    .selectFrom('notifications as n')
    .innerJoin('procurement_members as m', (join) =>
      join.onRef('m.procurement_id', '=', 'n.procurement_id').onRef('m.user_id', '=', 'n.user_id'),
    )
    .where('n.user_id', '=', userId);
}

export function unreadCount(db: Db, userId: string): number {
  return (
    db.first(
      visible(db, userId)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('n.read_at', 'is', null),
    )?.n ?? 0
  );
}

export function forYou(db: Db, userId: string): ForYou {
  const rows = db.all(
    visible(db, userId)
      .innerJoin('procurements as p', 'p.id', 'n.procurement_id')
      .innerJoin('users as a', 'a.id', 'n.actor_id')
      .leftJoin('comment_threads as t', 't.id', 'n.thread_id')
      .leftJoin('comments as c', 'c.id', 'n.comment_id')
      .leftJoin('boroughs as b', 'b.id', 'c.borough_id')
      .select([
        'n.id',
        'n.kind',
        'n.procurement_id',
        'p.title',
        'n.thread_id',
        't.quote',
        't.subject_kind',
        'n.actor_id',
        'a.display_name',
        'c.borough_id',
        'b.name as borough_name',
        'c.body',
        'c.deleted_at',
        'n.created_at',
        'n.read_at',
      ])
      .orderBy('n.id', 'desc')
      .limit(forYouLimit),
  );
  const items: ForYouItem[] = rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    procurement: { id: r.procurement_id, title: r.title },
    thread: r.thread_id ? { id: r.thread_id, quote: r.quote ?? '', on: r.subject_kind ?? 'specification' } : null,
    actor: { id: r.actor_id, name: r.display_name, borough: { id: r.borough_id ?? '', name: r.borough_name ?? '' } },
    excerpt: r.deleted_at !== null || r.body === null ? 'Comment deleted' : r.body.length > 200 ? `${r.body.slice(0, 199)}…` : r.body,
    createdAt: new Date(r.created_at).toISOString(),
    read: r.read_at !== null,
  }));
  return { items, unread: unreadCount(db, userId) };
}

/** Marks these (or all) of the person's items read; returns how many stay unread. */
export function markRead(db: Db, userId: string, ids?: readonly number[]): number {
  let update = db.kysely.updateTable('notifications').set({ read_at: db.now() }).where('user_id', '=', userId).where('read_at', 'is', null);
  if (ids) update = update.where(inList('id', ids));
  db.run(update);
  return unreadCount(db, userId);
}
