/**
 * Holding a document's head in PostgreSQL from the outside, so that writers of that
 * document on any server queue behind it: a test then lets them go together and knows
 * that they met at the lock, rather than hoping two commits happen to overlap.
 */
import pg from 'pg';

export interface HeldHead {
  /** Resolves once `count` sessions wait for a lock (the second writer waits behind the first). */
  writersWaiting(count: number, timeoutMs?: number): Promise<void>;
  /** Lets the waiting writers go, and disconnects. */
  release(): Promise<void>;
}

/** Locks the head row of `document` (which must have been written once) in the database at `url`. */
export async function holdDocumentHead(url: string, document: string): Promise<HeldHead> {
  const holder = new pg.Client({ connectionString: url });
  await holder.connect();
  try {
    await holder.query('BEGIN');
    const { rowCount } = await holder.query('UPDATE document_heads SET last_seq = last_seq WHERE document = $1', [document]);
    if (rowCount !== 1) throw new Error(`document ${document} has no head to hold`);
  } catch (error) {
    await holder.end();
    throw error;
  }
  return {
    writersWaiting: async (count, timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        // Inside the holder's transaction PostgreSQL keeps its first list of sessions; a
        // writer on a connection opened since would never be counted without a fresh one.
        await holder.query('SELECT pg_stat_clear_snapshot()');
        const { rows } = await holder.query<{ waiting: number }>(
          'SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND cardinality(pg_blocking_pids(pid)) > 0',
        );
        if (rows[0]!.waiting >= count) return;
        if (Date.now() > deadline) throw new Error(`${count} writers of ${document} never waited for its head`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    release: async () => {
      try {
        await holder.query('COMMIT');
      } finally {
        await holder.end();
      }
    },
  };
}
