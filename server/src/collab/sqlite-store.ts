/**
 * The document store on SQLite. Appends use cached prepared statements inside one
 * synchronous transaction: this is the hot path of every keystroke. The rare append with
 * the server's own writes alongside (a restore's record) holds the connection in an
 * asynchronous transaction instead (`SqliteDatabase`), since those writes await.
 *
 * Every method first waits while one of the app's transactions holds the connection
 * (`Db.heldUntil`, see sqlite-database.ts), so a log entry never lands inside it.
 */
import * as Y from 'yjs';
import { inList, type Db } from '../db/database.js';
import type { Queries } from '../db/queries.js';
import { setLogHead } from './log-heads.js';
import { SqliteDatabase } from '../db/sqlite-database.js';
import {
  checkNumbering,
  shiftAfter,
  type AlongsideWrites,
  type ClientClaim,
  type DocumentAppend,
  type DocumentStore,
  type LoggedUpdate,
  type LogEntry,
  type PlacedAppend,
  type StoredDocument,
} from './store.js';

export class SqliteDocumentStore implements DocumentStore {
  constructor(private readonly db: Db) {}

  async load(document: string): Promise<StoredDocument> {
    while (this.db.heldUntil) await this.db.heldUntil;
    const { db } = this;
    const checkpointRow = db
      .prepare('SELECT seq, state, state_vector FROM document_checkpoints WHERE document = ? ORDER BY seq DESC LIMIT 1')
      .get(document) as { seq: number; state: Uint8Array; state_vector: Uint8Array | null } | undefined;
    const fromSeq = checkpointRow?.seq ?? 0;
    const tailRows = db
      .prepare('SELECT seq, update_bytes FROM document_updates WHERE document = ? AND seq > ? ORDER BY seq')
      .all(document, fromSeq) as { seq: number; update_bytes: Uint8Array }[];
    const tail = tailRows.map((row) => row.update_bytes);
    const lastSeq = tailRows.length > 0 ? tailRows[tailRows.length - 1]!.seq : fromSeq;

    const clientOwners = new Map<number, string | null>();
    const owners = db.prepare('SELECT client_id, user_id FROM document_clients WHERE document = ?').all(document) as {
      client_id: number;
      user_id: string | null;
    }[];
    for (const owner of owners) clientOwners.set(owner.client_id, owner.user_id);

    const retainedRow = db
      .prepare('SELECT seq, length(state) AS bytes FROM document_checkpoints WHERE document = ? AND retained = 1 ORDER BY seq DESC LIMIT 1')
      .get(document) as { seq: number; bytes: number } | undefined;
    const sinceRetained = db
      .prepare('SELECT coalesce(sum(length(update_bytes)), 0) AS bytes FROM document_updates WHERE document = ? AND seq > ?')
      .get(document, retainedRow?.seq ?? 0) as { bytes: number };

    return {
      checkpoint: checkpointRow ? { seq: checkpointRow.seq, state: checkpointRow.state, stateVector: checkpointRow.state_vector } : null,
      tail,
      tailBytes: tail.reduce((sum, update) => sum + update.byteLength, 0),
      lastSeq,
      clientOwners,
      retained: retainedRow ?? null,
      bytesSinceRetained: sinceRetained.bytes,
    };
  }

  async append(appends: readonly DocumentAppend[], alongside?: AlongsideWrites): Promise<PlacedAppend[]> {
    const { db } = this;
    checkNumbering(appends);
    const lastSeq = db.prepare('SELECT max(seq) AS seq FROM document_updates WHERE document = ?');
    const insertUpdate = db.prepare(
      'INSERT INTO document_updates (document, seq, update_bytes, received_at, author_id) VALUES (?, ?, ?, ?, ?)',
    );
    const insertClaim = db.prepare('INSERT INTO document_clients (document, client_id, user_id, first_seq) VALUES (?, ?, ?, ?)');
    const insertAll = (): PlacedAppend[] => {
      const placed: PlacedAppend[] = [];
      for (const append of appends) {
        const { document, updates, claims } = append;
        // One server writes this file, so the shift is 0 unless something else wrote.
        const last = (lastSeq.get(document) as { seq: number | null }).seq ?? 0;
        const shift = shiftAfter(append, last);
        for (const u of updates) insertUpdate.run(document, u.seq + shift, u.update, u.receivedAt, u.authorId);
        for (const c of claims) insertClaim.run(document, c.clientId, c.userId, c.firstSeq + shift);
        placed.push({ document, firstSeq: last + 1 });
      }
      return placed;
    };
    if (!alongside) {
      // Every keystroke: one synchronous transaction, once no other transaction holds the connection.
      while (db.heldUntil) await db.heldUntil;
      return db.transaction(insertAll);
    }
    // The server's own writes are asynchronous: the log's rows go in a transaction that
    // holds the connection across them, so either all are kept or none.
    return new SqliteDatabase(db).transaction(async (tx: Queries) => {
      const placed = db.forHolder(insertAll);
      await alongside(tx, placed);
      return placed;
    });
  }

  async writeCheckpoint(document: string, seq: number, state: Uint8Array, stateVector: Uint8Array, retained: boolean): Promise<void> {
    while (this.db.heldUntil) await this.db.heldUntil;
    const insert = this.db.prepare(
      `INSERT INTO document_checkpoints (document, seq, state, state_vector, created_at, retained) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (document, seq) DO UPDATE SET retained = max(retained, excluded.retained)`,
    );
    const dropOlder = this.db.prepare('DELETE FROM document_checkpoints WHERE document = ? AND retained = 0 AND seq < ?');
    this.db.transaction(() => {
      insert.run(document, seq, state, stateVector, this.db.now(), retained ? 1 : 0);
      dropOlder.run(document, seq);
    });
  }

  async latestSeq(document: string): Promise<number> {
    while (this.db.heldUntil) await this.db.heldUntil;
    return (
      (this.db.prepare('SELECT max(seq) AS seq FROM document_updates WHERE document = ?').get(document) as { seq: number | null }).seq ?? 0
    );
  }

  async writtenAt(document: string, seq: number): Promise<number | null> {
    while (this.db.heldUntil) await this.db.heldUntil;
    const row = this.db
      .prepare('SELECT received_at FROM document_updates WHERE document = ? AND seq <= ? ORDER BY seq DESC LIMIT 1')
      .get(document, seq) as { received_at: number } | undefined;
    return row?.received_at ?? null;
  }

  async entries(document: string, seqs: readonly number[]): Promise<Map<number, LogEntry>> {
    while (this.db.heldUntil) await this.db.heldUntil;
    const { db } = this;
    const rows = db.all(
      db.kysely
        .selectFrom('document_updates')
        .select(['seq', 'author_id', 'received_at'])
        .where('document', '=', document)
        .where(inList('seq', [...new Set(seqs)])),
    );
    return new Map(rows.map((row) => [row.seq, { authorId: row.author_id, receivedAt: row.received_at }]));
  }

  async readLog(document: string, afterSeq: number, limit: number): Promise<LoggedUpdate[]> {
    while (this.db.heldUntil) await this.db.heldUntil;
    const rows = this.db
      .prepare('SELECT seq, update_bytes, received_at, author_id FROM document_updates WHERE document = ? AND seq > ? ORDER BY seq LIMIT ?')
      .all(document, afterSeq, limit) as { seq: number; update_bytes: Uint8Array; received_at: number; author_id: string | null }[];
    return rows.map((row) => ({ seq: row.seq, update: row.update_bytes, authorId: row.author_id, receivedAt: row.received_at }));
  }

  async claimsAfter(document: string, afterSeq: number): Promise<ClientClaim[]> {
    while (this.db.heldUntil) await this.db.heldUntil;
    const rows = this.db
      .prepare('SELECT client_id, user_id, first_seq FROM document_clients WHERE document = ? AND first_seq > ?')
      .all(document, afterSeq) as { client_id: number; user_id: string | null; first_seq: number }[];
    return rows.map((row) => ({ clientId: row.client_id, userId: row.user_id, firstSeq: row.first_seq }));
  }

  async loadAt(document: string, seq: number): Promise<{ checkpoint: { seq: number; state: Uint8Array } | null; updates: Uint8Array[] }> {
    while (this.db.heldUntil) await this.db.heldUntil;
    if (seq <= 0) return { checkpoint: null, updates: [] };
    const checkpoint = this.db
      .prepare('SELECT seq, state FROM document_checkpoints WHERE document = ? AND seq <= ? ORDER BY seq DESC LIMIT 1')
      .get(document, seq) as { seq: number; state: Uint8Array } | undefined;
    const updates = (
      this.db
        .prepare('SELECT update_bytes FROM document_updates WHERE document = ? AND seq > ? AND seq <= ? ORDER BY seq')
        .all(document, checkpoint?.seq ?? 0, seq) as { update_bytes: Uint8Array }[]
    ).map((row) => row.update_bytes);
    return { checkpoint: checkpoint ?? null, updates };
  }
}

/**
 * Writes a new document's first state as log entry 1, inside the caller's transaction
 * (a procurement and its document are created together), on either database. Its Yjs
 * client ids belong to the server.
 */
export async function insertFirstUpdate(db: Queries, document: string, update: Uint8Array): Promise<void> {
  await db.run(
    db.kysely.insertInto('document_updates').values({ document, seq: 1, update_bytes: update, received_at: db.now(), author_id: null }),
  );
  for (const clientId of Y.parseUpdateMeta(update).to.keys()) {
    await db.run(db.kysely.insertInto('document_clients').values({ document, client_id: clientId, user_id: null, first_seq: 1 }));
  }
  await setLogHead(db, document, 1);
}
