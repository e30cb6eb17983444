/**
 * Documents as they were. `versionAt` cuts any version out of the current document with
 * a Yjs snapshot (state vector and delete set at that log position, read from the
 * history tables by `snapshotAt`). `stateAt` rebuilds one from the log instead (nearest checkpoint plus
 * the merged tail), for filling in history the tables do not have yet.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import type { DocumentStore } from '../collab/store.js';
import type { Queries } from '../db/queries.js';

export type DeleteSet = ReturnType<typeof Y.createDeleteSet>;

export async function stateAt(store: Pick<DocumentStore, 'loadAt'>, document: string, seq: number): Promise<Y.Doc> {
  const doc = new Y.Doc({ gc: false });
  const { checkpoint, updates } = await store.loadAt(document, seq);
  if (checkpoint) Y.applyUpdate(doc, checkpoint.state);
  if (updates.length === 1) Y.applyUpdate(doc, updates[0]!);
  else if (updates.length > 1) Y.applyUpdate(doc, Y.mergeUpdates(updates));
  return doc;
}

/**
 * The state vector at a log position: each client's clock after every insertion up to
 * it. Read from the version that ends there, or from the last version ending before it
 * plus the insertions since.
 */
export async function stateVectorAt(db: Queries, document: string, seq: number): Promise<Map<number, number>> {
  const version = await db.first(
    db.kysely
      .selectFrom('history_versions')
      .select(['last_seq', 'end_state_vector'])
      .where('document', '=', document)
      .where('last_seq', '<=', seq)
      .orderBy('last_seq', 'desc')
      .limit(1),
  );
  const sv = version ? Y.decodeStateVector(version.end_state_vector) : new Map<number, number>();
  const since = await db.all(
    db.kysely
      .selectFrom('history_insertions')
      .select((eb) => ['client', eb.fn.max('clock_end').as('clock')])
      .where('document', '=', document)
      .where('seq', '>', version?.last_seq ?? 0)
      .where('seq', '<=', seq)
      .groupBy('client'),
  );
  for (const r of since) if ((sv.get(r.client) ?? 0) < r.clock) sv.set(r.client, r.clock);
  return sv;
}

/** Everything deleted by the updates up to a log position. */
export async function deleteSetAt(db: Queries, document: string, seq: number): Promise<DeleteSet> {
  const rows = await db.all(
    db.kysely
      .selectFrom('history_deletions')
      .select(['client', 'clock_start', 'clock_end'])
      .where('document', '=', document)
      .where('seq', '<=', seq),
  );
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
    ds.clients.set(client, merged);
  }
  return ds;
}

/** The snapshot of a log position: its state vector and delete set (see `versionAt`). */
export async function snapshotAt(db: Queries, document: string, seq: number): Promise<Y.Snapshot> {
  return Y.createSnapshot(await deleteSetAt(db, document, seq), await stateVectorAt(db, document, seq));
}

/**
 * The document as it was at a snapshot (`snapshotAt`), cut out of the current one: the
 * server's documents are never garbage-collected, so the current document still holds
 * every item ever written, and a snapshot says which of them were there then. No replay
 * of the log is needed, so any version costs the same.
 */
export function versionAt(current: Y.Doc, snapshot: Y.Snapshot): Y.Doc {
  return Y.createDocFromSnapshot(current, snapshot, new Y.Doc({ gc: false }));
}

/**
 * The version at a snapshot as an update (Yjs's V2 encoding), written straight from the
 * current document: every item up to the snapshot's state vector (items are first split
 * at its boundaries), then the snapshot's delete set. Building a document from it and
 * encoding that again would cost twice as much; the browser applies it with applyUpdateV2.
 */
export function encodeVersion(current: Y.Doc, snapshot: Y.Snapshot): Uint8Array {
  const encoder = new Y.UpdateEncoderV2();
  Y.transact(
    current,
    (transaction) => {
      const clients = [...snapshot.sv].filter(([, clock]) => clock > 0);
      encoding.writeVarUint(encoder.restEncoder, clients.length);
      for (const [client, clock] of clients) {
        if (clock < Y.getState(current.store, client)) Y.getItemCleanStart(transaction, Y.createID(client, clock));
        const structs = current.store.clients.get(client) ?? [];
        const last = Y.findIndexSS(structs, clock - 1);
        encoding.writeVarUint(encoder.restEncoder, last + 1);
        encoder.writeClient(client);
        encoding.writeVarUint(encoder.restEncoder, 0);
        for (let i = 0; i <= last; i++) structs[i]!.write(encoder, 0);
      }
      const deleted = [...snapshot.ds.clients].sort((a, b) => b[0] - a[0]);
      encoding.writeVarUint(encoder.restEncoder, deleted.length);
      for (const [client, items] of deleted) {
        encoder.resetDsCurVal();
        encoding.writeVarUint(encoder.restEncoder, client);
        encoding.writeVarUint(encoder.restEncoder, items.length);
        for (const item of items) {
          encoder.writeDsClock(item.clock);
          encoder.writeDsLen(item.len);
        }
      }
    },
    'history',
  );
  return encoder.toUint8Array();
}
