/**
 * "For you": what needs a person's attention, across their procurements. A comment that
 * mentions someone (or their borough) tells them; a reply tells everyone taking part in
 * the thread; nobody is told of their own comment, nor twice of one. Only what is in
 * procurements they are still a member of is shown.
 */
import type { ForYou, ForYouItem, MentionRef } from '../../../shared/comments.js';
import { can } from '../../../shared/policy.js';
import type { Queries } from '../db/queries.js';
import { standingOf } from '../procurements/access.js';

/** The most a person's list shows: the newest. */
export const forYouLimit = 100;

/** Tells the people a new (or newly edited) comment concerns. Runs in the caller's transaction. */
export async function notifyForComment(
  db: Queries,
  comment: { procurementId: string; threadId: string; commentId: string; authorId: string; mentions: readonly MentionRef[] },
  options: { replies: boolean },
): Promise<void> {
  const { procurementId, threadId, commentId, authorId, mentions } = comment;
  const mentionedPeople = mentions.filter((m) => m.kind === 'person').map((m) => m.id);
  const mentionedBoroughs = mentions.filter((m) => m.kind === 'borough').map((m) => m.id);
  const ofBoroughs =
    mentionedBoroughs.length === 0
      ? []
      : (
          await db.all(
            db.kysely
              .selectFrom('procurement_members')
              .select('user_id')
              .where('procurement_id', '=', procurementId)
              .where(db.inList('borough_id', mentionedBoroughs)),
          )
        ).map((r) => r.user_id);
  const mentioned = new Set([...mentionedPeople, ...ofBoroughs]);
  const inThread = options.replies
    ? (
        await db.all(
          db.kysely
            .selectFrom('comments')
            .select('author_id')
            .where('thread_id', '=', threadId)
            .where('deleted_at', 'is', null)
            .where('id', '!=', commentId),
        )
      ).map((r) => r.author_id)
    : [];
  const recipients = new Map<string, 'mention' | 'reply'>();
  for (const userId of inThread) recipients.set(userId, 'reply');
  for (const userId of mentioned) recipients.set(userId, 'mention');
  recipients.delete(authorId);
  const now = db.now();
  for (const [userId, kind] of recipients) {
    await db.run(
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

function visible(db: Queries, userId: string) {
  return db.kysely
    .selectFrom('notifications as n')
    .innerJoin('procurement_members as m', (join) =>
      join.onRef('m.procurement_id', '=', 'n.procurement_id').onRef('m.user_id', '=', 'n.user_id'),
    )
    .where('n.user_id', '=', userId);
}

export async function unreadCount(db: Queries, userId: string): Promise<number> {
  return (
    (
      await db.first(
        visible(db, userId)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('n.read_at', 'is', null),
      )
    )?.n ?? 0
  );
}

export async function forYou(db: Queries, userId: string): Promise<ForYou> {
  const rows = await db.all(
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
        'n.detail',
        'n.created_at',
        'n.read_at',
      ])
      .orderBy('n.id', 'desc')
      .limit(forYouLimit),
  );
  // A suggestion's people are named with their borough now (a comment keeps the one it was written for).
  const actorBorough = new Map(
    (
      await db.all(
        db.kysely
          .selectFrom('users as u')
          .innerJoin('boroughs as b', 'b.id', 'u.borough_id')
          .select(['u.id', 'b.id as borough_id', 'b.name'])
          .where(db.inList('u.id', [...new Set(rows.map((r) => r.actor_id))])),
      )
    ).map((row) => [row.id, { id: row.borough_id, name: row.name }]),
  );
  const items: ForYouItem[] = rows.map((r) => {
    const detail = suggestionDetailOf(r.detail);
    const isSuggestion = r.kind === 'suggestion-waiting' || r.kind === 'suggestion-decided';
    return {
      id: r.id,
      kind: r.kind,
      procurement: { id: r.procurement_id, title: r.title },
      thread: r.thread_id ? { id: r.thread_id, quote: r.quote ?? '', on: r.subject_kind ?? 'specification' } : null,
      actor: {
        id: r.actor_id,
        name: r.display_name,
        borough: isSuggestion
          ? (actorBorough.get(r.actor_id) ?? { id: '', name: '' })
          : { id: r.borough_id ?? '', name: r.borough_name ?? '' },
      },
      suggestion: isSuggestion ? { where: detail?.where ?? null, outcome: detail?.outcome ?? null } : null,
      excerpt: isSuggestion
        ? (detail?.summary ?? '')
        : r.deleted_at !== null || r.body === null
          ? 'Comment deleted'
          : r.body.length > 200
            ? `${r.body.slice(0, 199)}…`
            : r.body,
      createdAt: new Date(r.created_at).toISOString(),
      read: r.read_at !== null,
    };
  });
  return { items, unread: await unreadCount(db, userId) };
}

/** Marks these (or all) of the person's items read; returns how many stay unread. */
export async function markRead(db: Queries, userId: string, ids?: readonly number[]): Promise<number> {
  let update = db.kysely.updateTable('notifications').set({ read_at: db.now() }).where('user_id', '=', userId).where('read_at', 'is', null);
  if (ids) update = update.where(db.inList('id', ids));
  await db.run(update);
  return unreadCount(db, userId);
}

/** What a suggestion event says, kept with it (for the list and a later email). */
interface SuggestionDetail {
  where: string | null;
  outcome?: 'accepted' | 'rejected';
  summary?: string;
}

/**
 * Tells those who may decide that a suggestion waits for them: the borough leads who may
 * accept or reject it, of boroughs other than the suggester's, once per suggestion.
 * Runs in the caller's transaction; returns whether anyone was told.
 */
export async function notifySuggestionWaiting(
  db: Queries,
  suggestion: { procurementId: string; suggestionId: string; suggestedBy: string; where: string | null },
): Promise<boolean> {
  const { procurementId, suggestionId, suggestedBy } = suggestion;
  const told = await db.first(
    db.kysely
      .selectFrom('notifications')
      .select('id')
      .where('procurement_id', '=', procurementId)
      .where('suggestion_id', '=', suggestionId)
      .where('kind', '=', 'suggestion-waiting'),
  );
  if (told) return false;
  const suggester = await standingOf(db, suggestedBy, procurementId);
  if (!suggester) return false;
  const leads = await db.all(
    db.kysely
      .selectFrom('procurement_members')
      .select('user_id')
      .where('procurement_id', '=', procurementId)
      .where('is_borough_lead', '=', 1)
      .where('borough_id', '!=', suggester.boroughId),
  );
  const deciders: string[] = [];
  for (const { user_id: userId } of leads) {
    const standing = await standingOf(db, userId, procurementId);
    if (standing && can(standing, 'decideSuggestion')) deciders.push(userId);
  }
  await insertSuggestionEvents(db, deciders, {
    ...suggestion,
    kind: 'suggestion-waiting',
    actorId: suggestedBy,
    detail: { where: suggestion.where },
  });
  return deciders.length > 0;
}

/** Tells the suggester what became of their suggestion, unless they decided it themselves. */
export async function notifySuggestionDecided(
  db: Queries,
  decision: { procurementId: string; suggestionId: string; suggestedBy: string; decidedBy: string; detail: Required<SuggestionDetail> },
): Promise<boolean> {
  const { procurementId, suggestedBy, decidedBy } = decision;
  if (suggestedBy === decidedBy || !(await standingOf(db, suggestedBy, procurementId))) return false;
  await insertSuggestionEvents(db, [suggestedBy], { ...decision, kind: 'suggestion-decided', actorId: decidedBy });
  return true;
}

async function insertSuggestionEvents(
  db: Queries,
  userIds: readonly string[],
  event: {
    procurementId: string;
    suggestionId: string;
    kind: 'suggestion-waiting' | 'suggestion-decided';
    actorId: string;
    detail: SuggestionDetail;
  },
): Promise<void> {
  const now = db.now();
  for (const userId of userIds) {
    await db.run(
      db.kysely.insertInto('notifications').values({
        user_id: userId,
        procurement_id: event.procurementId,
        kind: event.kind,
        thread_id: null,
        comment_id: null,
        suggestion_id: event.suggestionId,
        detail: JSON.stringify(event.detail),
        actor_id: event.actorId,
        created_at: now,
        read_at: null,
      }),
    );
  }
}

/** The detail a suggestion event keeps, read back (tolerant of what it cannot read). */
function suggestionDetailOf(detail: string | null): SuggestionDetail | null {
  if (detail === null) return null;
  try {
    const parsed = JSON.parse(detail) as SuggestionDetail;
    return typeof parsed === 'object' && parsed !== null ? parsed : null;
  } catch {
    return null;
  }
}
