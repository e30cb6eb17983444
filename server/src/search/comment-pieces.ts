/**
 * The comments search finds: each comment still standing (a deleted one's words are
 * gone), found by its words, opening its thread on the page that shows what the thread
 * is about.
 */
import type { Queries } from '../db/queries.js';
import type { SearchPiece } from './search-index.js';

/** The pieces of a procurement's comments, or of one thread's. */
export async function commentPieces(
  db: Queries,
  procurementId: string,
  threadId?: string,
): Promise<(SearchPiece & { threadId: string })[]> {
  let query = db.kysely
    .selectFrom('comments as c')
    .innerJoin('comment_threads as t', 't.id', 'c.thread_id')
    .leftJoin('users as u', 'u.id', 'c.author_id')
    .select(['c.thread_id', 'c.body', 't.subject_kind', 'u.display_name'])
    .where('t.procurement_id', '=', procurementId)
    .where('c.deleted_at', 'is', null)
    .orderBy('c.created_at')
    .orderBy('c.id');
  if (threadId) query = query.where('c.thread_id', '=', threadId);
  return (await db.all(query)).map((row) => ({
    threadId: row.thread_id,
    kind: 'comment',
    place: { kind: 'thread', threadId: row.thread_id, on: row.subject_kind },
    location: `Comment by ${row.display_name ?? 'a former member'}`,
    title: '',
    body: row.body,
    keys: '',
  }));
}
