/**
 * A document's head in the PostgreSQL log: the row in `document_heads` that holds its
 * last position, which every append there locks and moves on (postgres-store.ts). A log
 * written directly inside an app transaction (a new procurement's first state, the
 * demo's past) sets it, so the next append takes the positions after it. SQLite's log
 * has no heads (one writer takes the next position from the log itself): nothing to do.
 */
import type { Kysely } from 'kysely';
import type { Queries } from '../db/queries.js';

/** The heads table, PostgreSQL's alone, so not in the app's schema. */
interface HeadsTable {
  document_heads: { document: string; last_seq: number };
}

/** Sets `document`'s head to `lastSeq`, inside the caller's transaction (on PostgreSQL). */
export async function setLogHead(db: Queries, document: string, lastSeq: number): Promise<void> {
  if (db.dialect !== 'postgres') return;
  const heads = db.kysely as unknown as Kysely<HeadsTable>;
  await db.run(
    heads
      .insertInto('document_heads')
      .values({ document, last_seq: lastSeq })
      .onConflict((conflict) => conflict.column('document').doUpdateSet({ last_seq: lastSeq })),
  );
}
