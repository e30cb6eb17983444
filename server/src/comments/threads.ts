/**
 * Comment threads in SQL: started, answered, edited, deleted, resolved and reopened by
 * the members of a procurement, each comment credited to its author and their borough
 * then, from the session. Every member may comment (observers discuss); only the author
 * edits or deletes a comment; the thread's starter, or an editor or owner, resolves it.
 * The anchor in the document is the routes' business (see anchor.ts and routes.ts).
 */
import type { CommentPerson, CommentThread, Mention, MentionRef, ThreadComment, ThreadSubject } from '../../../shared/comments.js';
import { can } from '../../../shared/policy.js';
import { recordAudit } from '../audit.js';
import type { Database, Queries } from '../db/queries.js';
import { withinTransaction } from '../db/within-transaction.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../errors.js';
import { notifyForComment } from '../for-you/notifications.js';
import { newId } from '../ids.js';
import { requirePermission, type Membership } from '../procurements/access.js';

/** Enough for any procurement, and a bound on what one member can store. */
export const threadsPerProcurement = 5000;
export const commentsPerThread = 500;

const threadNotFound = () => new NotFound('That comment thread was not found.');

type ThreadRow = {
  id: string;
  subject_kind: 'specification' | 'engagement' | 'decision-option';
  entry_id: string | null;
  option_id: string | null;
  quote: string;
  created_by: string;
  borough_id: string;
  created_at: number;
  resolved_by: string | null;
  resolved_at: number | null;
};

function subjectOf(row: ThreadRow): ThreadSubject {
  if (row.subject_kind === 'engagement') return { kind: 'engagement', entryId: row.entry_id ?? '' };
  if (row.subject_kind === 'decision-option')
    return { kind: 'decision-option', decisionId: row.entry_id ?? '', optionId: row.option_id ?? '' };
  return { kind: 'specification' };
}

/** The threads with these ids (or all of the procurement's), oldest first. */
async function readThreads(db: Queries, procurementId: string, onlyId?: string): Promise<CommentThread[]> {
  let query = db.kysely
    .selectFrom('comment_threads')
    .selectAll()
    .where('procurement_id', '=', procurementId)
    .orderBy('created_at')
    .orderBy('id');
  if (onlyId) query = query.where('id', '=', onlyId);
  const threads = (await db.all(query)) as ThreadRow[];
  if (threads.length === 0) return [];
  const ids = threads.map((t) => t.id);
  const comments = await db.all(
    db.kysely.selectFrom('comments').selectAll().where(db.inList('thread_id', ids)).orderBy('created_at').orderBy('id'),
  );
  const mentionRows = await db.all(
    db.kysely
      .selectFrom('comment_mentions as m')
      .innerJoin('comments as c', 'c.id', 'm.comment_id')
      .select(['m.comment_id', 'm.kind', 'm.target_id'])
      .where(db.inList('c.thread_id', ids)),
  );
  const people = await names(db, 'users', [
    ...threads.flatMap((t) => [t.created_by, t.resolved_by ?? '']),
    ...comments.map((c) => c.author_id),
    ...mentionRows.filter((m) => m.kind === 'person').map((m) => m.target_id),
  ]);
  const boroughs = await names(db, 'boroughs', [
    ...threads.map((t) => t.borough_id),
    ...comments.map((c) => c.borough_id),
    ...mentionRows.filter((m) => m.kind === 'borough').map((m) => m.target_id),
  ]);
  const person = (userId: string, boroughId: string): CommentPerson => ({
    id: userId,
    name: people.get(userId) ?? 'A former member',
    borough: { id: boroughId, name: boroughs.get(boroughId) ?? boroughId },
  });
  const boroughOfMember = await memberBoroughs(db, procurementId);
  const mentionsByComment = new Map<string, Mention[]>();
  for (const m of mentionRows) {
    const list = mentionsByComment.get(m.comment_id) ?? [];
    list.push({ kind: m.kind, id: m.target_id, name: (m.kind === 'person' ? people : boroughs).get(m.target_id) ?? '' });
    mentionsByComment.set(m.comment_id, list);
  }
  const byThread = new Map<string, ThreadComment[]>();
  for (const c of comments) {
    const list = byThread.get(c.thread_id) ?? [];
    const deleted = c.deleted_at !== null;
    list.push({
      id: c.id,
      author: person(c.author_id, c.borough_id),
      body: deleted ? '' : c.body,
      mentions: deleted ? [] : (mentionsByComment.get(c.id) ?? []),
      createdAt: new Date(c.created_at).toISOString(),
      editedAt: c.edited_at === null ? null : new Date(c.edited_at).toISOString(),
      deleted,
    });
    byThread.set(c.thread_id, list);
  }
  return threads.map((t) => ({
    id: t.id,
    subject: subjectOf(t),
    quote: t.quote,
    createdBy: person(t.created_by, t.borough_id),
    createdAt: new Date(t.created_at).toISOString(),
    resolved:
      t.resolved_by && t.resolved_at !== null
        ? { by: person(t.resolved_by, boroughOfMember.get(t.resolved_by) ?? ''), at: new Date(t.resolved_at).toISOString() }
        : null,
    comments: byThread.get(t.id) ?? [],
  }));
}

async function names(db: Queries, table: 'users' | 'boroughs', ids: string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter(Boolean))];
  if (wanted.length === 0) return new Map();
  if (table === 'users') {
    const rows = await db.all(db.kysely.selectFrom('users').select(['id', 'display_name']).where(db.inList('id', wanted)));
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }
  const rows = await db.all(db.kysely.selectFrom('boroughs').select(['id', 'name']).where(db.inList('id', wanted)));
  return new Map(rows.map((r) => [r.id, r.name]));
}

async function memberBoroughs(db: Queries, procurementId: string): Promise<Map<string, string>> {
  const rows = await db.all(
    db.kysely.selectFrom('procurement_members').select(['user_id', 'borough_id']).where('procurement_id', '=', procurementId),
  );
  return new Map(rows.map((r) => [r.user_id, r.borough_id]));
}

export function listThreads(db: Queries, procurementId: string): Promise<CommentThread[]> {
  return readThreads(db, procurementId);
}

export async function getThread(db: Queries, procurementId: string, threadId: string): Promise<CommentThread> {
  const thread = (await readThreads(db, procurementId, threadId))[0];
  if (!thread) throw threadNotFound();
  return thread;
}

/** Mentions must name members of the procurement, or boroughs taking part in it. */
async function checkMentions(db: Queries, procurementId: string, mentions: readonly MentionRef[]): Promise<MentionRef[]> {
  const unique = [...new Map(mentions.map((m) => [`${m.kind}:${m.id}`, m])).values()];
  const people = unique.filter((m) => m.kind === 'person').map((m) => m.id);
  const boroughs = unique.filter((m) => m.kind === 'borough').map((m) => m.id);
  const members = new Set(
    people.length === 0
      ? []
      : (
          await db.all(
            db.kysely
              .selectFrom('procurement_members')
              .select('user_id')
              .where('procurement_id', '=', procurementId)
              .where(db.inList('user_id', people)),
          )
        ).map((r) => r.user_id),
  );
  const taking = new Set(
    boroughs.length === 0
      ? []
      : (
          await db.all(
            db.kysely
              .selectFrom('procurement_boroughs')
              .select('borough_id')
              .where('procurement_id', '=', procurementId)
              .where(db.inList('borough_id', boroughs)),
          )
        ).map((r) => r.borough_id),
  );
  if (people.some((id) => !members.has(id)) || boroughs.some((id) => !taking.has(id))) {
    throw new Invalid('You can mention only the people and boroughs taking part in this procurement.', {
      mentions: 'Mention only people and boroughs taking part',
    });
  }
  return unique;
}

async function insertComment(db: Queries, member: Membership, threadId: string, body: string, mentions: MentionRef[]): Promise<string> {
  const id = newId();
  await db.run(
    db.kysely.insertInto('comments').values({
      id,
      thread_id: threadId,
      author_id: member.user.id,
      borough_id: member.boroughId,
      body,
      created_at: db.now(),
      edited_at: null,
      deleted_at: null,
    }),
  );
  for (const m of mentions)
    await db.run(db.kysely.insertInto('comment_mentions').values({ comment_id: id, kind: m.kind, target_id: m.id }));
  return id;
}

export interface NewThread {
  id: string;
  subject: ThreadSubject;
  quote: string;
  body: string;
  mentions: readonly MentionRef[];
}

/**
 * Stores a new thread with its first comment; the caller anchors it (or removes it
 * again). In the caller's transaction when `db` is one (the demo's past), else in its own.
 */
export async function createThread(db: Queries, member: Membership, thread: NewThread): Promise<CommentThread> {
  requirePermission(member, 'comment');
  const { procurementId } = member;
  await withinTransaction(db, async (tx) => {
    const mentions = await checkMentions(tx, procurementId, thread.mentions);
    const count = await tx.first(
      tx.kysely
        .selectFrom('comment_threads')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('procurement_id', '=', procurementId),
    );
    if ((count?.n ?? 0) >= threadsPerProcurement) {
      throw new Conflict(`This procurement has ${threadsPerProcurement} comment threads, the most it can hold. Delete some that are done.`);
    }
    await tx.run(
      tx.kysely.insertInto('comment_threads').values({
        id: thread.id,
        procurement_id: procurementId,
        subject_kind: thread.subject.kind,
        entry_id:
          thread.subject.kind === 'specification'
            ? null
            : thread.subject.kind === 'engagement'
              ? thread.subject.entryId
              : thread.subject.decisionId,
        option_id: thread.subject.kind === 'decision-option' ? thread.subject.optionId : null,
        quote: thread.quote,
        created_by: member.user.id,
        borough_id: member.boroughId,
        created_at: tx.now(),
        resolved_by: null,
        resolved_at: null,
      }),
    );
    const commentId = await insertComment(tx, member, thread.id, thread.body, mentions);
    await notifyForComment(tx, { procurementId, threadId: thread.id, commentId, authorId: member.user.id, mentions }, { replies: false });
    await recordAudit(tx, { procurementId, actorId: member.user.id, action: 'comment.thread-started', detail: { threadId: thread.id } });
  });
  return getThread(db, procurementId, thread.id);
}

/** Takes back a thread whose anchor could not be written: as if it had never been. */
export async function discardThread(db: Queries, procurementId: string, threadId: string): Promise<void> {
  await db.run(db.kysely.deleteFrom('comment_threads').where('id', '=', threadId).where('procurement_id', '=', procurementId));
}

async function threadRow(db: Queries, procurementId: string, threadId: string) {
  const row = await db.first(
    db.kysely.selectFrom('comment_threads').selectAll().where('id', '=', threadId).where('procurement_id', '=', procurementId),
  );
  if (!row) throw threadNotFound();
  return row;
}

/** Adds a comment to a thread; in the caller's transaction when `db` is one. */
export async function reply(
  db: Queries,
  member: Membership,
  threadId: string,
  input: { body: string; mentions: readonly MentionRef[] },
): Promise<CommentThread> {
  requirePermission(member, 'comment');
  const { procurementId } = member;
  // Checked in the transaction that writes: the thread cannot go in between.
  await withinTransaction(db, async (tx) => {
    await threadRow(tx, procurementId, threadId);
    const mentions = await checkMentions(tx, procurementId, input.mentions);
    const count = await tx.first(
      tx.kysely
        .selectFrom('comments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('thread_id', '=', threadId),
    );
    if ((count?.n ?? 0) >= commentsPerThread) throw new Conflict('This thread is as long as a thread can be. Start a new one.');
    const commentId = await insertComment(tx, member, threadId, input.body, mentions);
    await notifyForComment(tx, { procurementId, threadId, commentId, authorId: member.user.id, mentions }, { replies: true });
  });
  return getThread(db, procurementId, threadId);
}

/** The member's own comment in the thread, not deleted. */
async function ownComment(db: Queries, member: Membership, threadId: string, commentId: string) {
  await threadRow(db, member.procurementId, threadId);
  const row = await db.first(db.kysely.selectFrom('comments').selectAll().where('id', '=', commentId).where('thread_id', '=', threadId));
  if (!row || row.deleted_at !== null) throw new NotFound('That comment was not found.');
  if (row.author_id !== member.user.id) throw new Forbidden('You can change only your own comments.');
  return row;
}

export async function editComment(
  db: Database,
  member: Membership,
  threadId: string,
  commentId: string,
  input: { body: string; mentions: readonly MentionRef[] },
): Promise<CommentThread> {
  requirePermission(member, 'comment');
  await db.transaction(async (tx) => {
    await ownComment(tx, member, threadId, commentId);
    const mentions = await checkMentions(tx, member.procurementId, input.mentions);
    const before = new Set(
      (await tx.all(tx.kysely.selectFrom('comment_mentions').select(['kind', 'target_id']).where('comment_id', '=', commentId))).map(
        (m) => `${m.kind}:${m.target_id}`,
      ),
    );
    // Only those newly mentioned are told: the others were told when it was written.
    const added = mentions.filter((m) => !before.has(`${m.kind}:${m.id}`));
    if (added.length > 0) {
      await notifyForComment(
        tx,
        { procurementId: member.procurementId, threadId, commentId, authorId: member.user.id, mentions: added },
        { replies: false },
      );
    }
    await tx.run(tx.kysely.updateTable('comments').set({ body: input.body, edited_at: tx.now() }).where('id', '=', commentId));
    await tx.run(tx.kysely.deleteFrom('comment_mentions').where('comment_id', '=', commentId));
    for (const m of mentions)
      await tx.run(tx.kysely.insertInto('comment_mentions').values({ comment_id: commentId, kind: m.kind, target_id: m.id }));
  });
  return getThread(db, member.procurementId, threadId);
}

/**
 * Deletes the member's own comment: its words go (the thread says a comment was deleted);
 * a thread left with no comment goes altogether. Returns the thread, or null when it went.
 */
export async function deleteComment(db: Database, member: Membership, threadId: string, commentId: string): Promise<CommentThread | null> {
  requirePermission(member, 'comment');
  const { procurementId } = member;
  const gone = await db.transaction(async (tx) => {
    await ownComment(tx, member, threadId, commentId);
    await tx.run(tx.kysely.updateTable('comments').set({ body: '', deleted_at: tx.now() }).where('id', '=', commentId));
    await tx.run(tx.kysely.deleteFrom('comment_mentions').where('comment_id', '=', commentId));
    const left = await tx.first(
      tx.kysely.selectFrom('comments').select('id').where('thread_id', '=', threadId).where('deleted_at', 'is', null),
    );
    await recordAudit(tx, { procurementId, actorId: member.user.id, action: 'comment.deleted', detail: { threadId, commentId } });
    if (left) return false;
    await tx.run(tx.kysely.deleteFrom('comment_threads').where('id', '=', threadId));
    return true;
  });
  return gone ? null : getThread(db, procurementId, threadId);
}

/** Resolves or reopens a thread; in the caller's transaction when `db` is one. */
export async function setResolved(db: Queries, member: Membership, threadId: string, resolved: boolean): Promise<CommentThread> {
  requirePermission(member, 'comment');
  const { procurementId } = member;
  await withinTransaction(db, async (tx) => {
    const row = await threadRow(tx, procurementId, threadId);
    if (row.created_by !== member.user.id && !can(member, 'resolveAnyThread')) {
      throw new Forbidden(
        'Only the person who started a thread, or an editor or owner of a lead or partner borough, can resolve or reopen it.',
      );
    }
    if ((row.resolved_at !== null) === resolved)
      throw new Conflict(resolved ? 'That thread is already resolved.' : 'That thread is already open.');
    await tx.run(
      tx.kysely
        .updateTable('comment_threads')
        .set(resolved ? { resolved_by: member.user.id, resolved_at: tx.now() } : { resolved_by: null, resolved_at: null })
        .where('id', '=', threadId),
    );
    await recordAudit(tx, {
      procurementId,
      actorId: member.user.id,
      action: resolved ? 'comment.resolved' : 'comment.reopened',
      detail: { threadId },
    });
  });
  return getThread(db, procurementId, threadId);
}
