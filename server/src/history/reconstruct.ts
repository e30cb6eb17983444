/**
 * The document as it was at any log position: the nearest checkpoint at or before it
 * (load checkpoints and the ones kept for history), plus the updates after it merged
 * into one. And the Yjs snapshot (state vector and delete set) of any position, read
 * from the history tables, to compare two versions inside one document.
 */
import * as Y from 'yjs';
import type { Db } from '../db/database.js';

export type DeleteSet = ReturnType<typeof Y.createDeleteSet>;

export function stateAt(db: Db, document: string, seq: number): Y.Doc {
  const doc = new Y.Doc({ gc: false });
  if (seq <= 0) return doc;
  const checkpoint = db
    .prepare('SELECT seq, state FROM document_checkpoints WHERE document = ? AND seq <= ? ORDER BY seq DESC LIMIT 1')
    .get(document, seq) as { seq: number; state: Uint8Array } | undefined;
  if (checkpoint) Y.applyUpdate(doc, checkpoint.state);
  const tail = (
    db
      .prepare('SELECT update_bytes FROM document_updates WHERE document = ? AND seq > ? AND seq <= ? ORDER BY seq')
      .all(document, checkpoint?.seq ?? 0, seq) as { update_bytes: Uint8Array }[]
  ).map((row) => row.update_bytes);
  if (tail.length === 1) Y.applyUpdate(doc, tail[0]!);
  else if (tail.length > 1) Y.applyUpdate(doc, Y.mergeUpdates(tail));
  return doc;
}

/** The state vector at a log position: each client's clock after every insertion up to it. */
export function stateVectorAt(db: Db, document: string, seq: number): Map<number, number> {
  const version = db
    .prepare('SELECT end_state_vector FROM history_versions WHERE document = ? AND last_seq = ?')
    .get(document, seq) as { end_state_vector: Uint8Array } | undefined;
  if (version) return Y.decodeStateVector(version.end_state_vector);
  const rows = db
    .prepare('SELECT client, max(clock_end) AS clock FROM history_insertions WHERE document = ? AND seq <= ? GROUP BY client')
    .all(document, seq) as { client: number; clock: number }[];
  return new Map(rows.map((r) => [r.client, r.clock]));
}

/** Everything deleted by the updates up to a log position. */
export function deleteSetAt(db: Db, document: string, seq: number): DeleteSet {
  const rows = db
    .prepare('SELECT client, clock_start, clock_end FROM history_deletions WHERE document = ? AND seq <= ?')
    .all(document, seq) as { client: number; clock_start: number; clock_end: number }[];
  return deleteSetOf(rows.map((r) => ({ client: r.client, start: r.clock_start, end: r.clock_end })));
}

/** A Yjs delete set from ranges: sorted by clock and merged per client, as Yjs expects. */
export function deleteSetOf(ranges: { client: number; start: number; end: number }[]): DeleteSet {
  const ds = Y.createDeleteSet();
  const byClient = new Map<number, { start: number; end: number }[]>();
  for (const r of ranges) {
    let list = byClient.get(r.client);
    if (!list) byClient.set(r.client, (list = []));
    list.push(r);
  }
  for (const [client, list] of byClient) {
    list.sort((a, b) => a.start - b.start);
    const merged: { clock: number; len: number }[] = [];
    for (const r of list) {
      const last = merged[merged.length - 1];
      if (last && r.start <= last.clock + last.len) last.len = Math.max(last.len, r.end - last.clock);
      else merged.push({ clock: r.start, len: r.end - r.start });
    }
    ds.clients.set(client, merged as never);
  }
  return ds;
}

export function snapshotAt(db: Db, document: string, seq: number): Y.Snapshot {
  return Y.createSnapshot(deleteSetAt(db, document, seq), stateVectorAt(db, document, seq));
}
