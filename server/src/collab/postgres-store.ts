/**
 * The document store on PostgreSQL (Kysely's PostgreSQL dialect over a `pg` pool), for
 * several servers sharing one log.
 *
 * Every append is one transaction. For each document in it, in name order (so two
 * servers appending the same documents never wait on each other in a circle), it moves
 * the document's row in `document_heads` on by the number of updates, in one UPDATE that
 * locks the row until the commit: writers of a document queue there, whichever server
 * they are on, and each takes the positions after whatever the head then is. Nobody is
 * refused for coming second (the log's order need not be the order a server applied
 * things in: Yjs updates commute); the server learns where its updates went and reads
 * the positions before them that others took. The commit is durable before the promise
 * resolves (PostgreSQL's default synchronous commit), so what a server then sends on is
 * on disk.
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { numbersForInt8 } from '../db/postgres-types.js';
import type { Clock } from '../clock.js';
import { migratePostgresToLatest } from '../db/migrate.js';
import type { Database } from '../db/queries.js';
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

interface LogTables {
  document_updates: { document: string; seq: number; update_bytes: Uint8Array; received_at: number; author_id: string | null };
  document_checkpoints: {
    document: string;
    seq: number;
    state: Uint8Array;
    state_vector: Uint8Array | null;
    created_at: number;
    retained: number;
  };
  document_clients: { document: string; client_id: number; user_id: string | null; first_seq: number };
  document_heads: { document: string; last_seq: number };
}

export interface PostgresStoreOptions {
  /** postgres://user@host:port/database */
  url: string;
  clock: Clock;
  /** Connections this server may hold open. */
  maxConnections?: number;
  /** Told when an idle pooled connection fails (the next query then reconnects). */
  onConnectionError?: (error: Error) => void;
  /**
   * The app's own rows, in this same PostgreSQL database: the server's own writes
   * alongside an append commit with it (see `append`); without it such appends are refused.
   */
  appData?: Database;
}

/** Rows per INSERT: well under PostgreSQL's 65,535 parameters per statement. */
const rowsPerInsert = 1000;

/** Connects, brings the log's tables up to date (safe when several servers start at once) and returns the store. */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresDocumentStore> {
  const pool = new pg.Pool({ connectionString: options.url, max: options.maxConnections ?? 10, types: numbersForInt8 });
  // A connection that breaks must not crash the process. The pool listens to idle ones
  // only; one in use (its query then fails to its caller) needs a listener of its own.
  pool.on('error', () => {}); // the client's own listener below has already told
  pool.on('connect', (client) => client.on('error', (error) => options.onConnectionError?.(error)));
  const db = new Kysely<LogTables>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migratePostgresToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  if (options.appData && options.appData.dialect !== 'postgres') {
    await db.destroy();
    throw new Error('The app’s rows must be in the same PostgreSQL database as the log, so that writes alongside it commit together.');
  }
  return new PostgresDocumentStore(db, options.clock, options.appData);
}

export class PostgresDocumentStore implements DocumentStore {
  constructor(
    private readonly db: Kysely<LogTables>,
    private readonly clock: Clock,
    private readonly appData?: Database,
  ) {}

  /**
   * Resolves when PostgreSQL takes a commit now; rejects otherwise. The transaction is
   * given an id, so its commit is written and flushed like a real one: a server that
   * answers but cannot commit (a full disk, a standby not yet promoted) fails it.
   */
  async ping(): Promise<void> {
    await this.db.transaction().execute((trx) => sql`SELECT txid_current()`.execute(trx));
  }

  /** Closes every pooled connection. */
  async close(): Promise<void> {
    await this.db.destroy();
  }

  async load(document: string): Promise<StoredDocument> {
    // One snapshot, so the checkpoint, the tail and the sizes agree with each other.
    return this.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (trx) => {
        const checkpoint = await trx
          .selectFrom('document_checkpoints')
          .select(['seq', 'state', 'state_vector'])
          .where('document', '=', document)
          .orderBy('seq', 'desc')
          .limit(1)
          .executeTakeFirst();
        const fromSeq = checkpoint?.seq ?? 0;
        const tailRows = await trx
          .selectFrom('document_updates')
          .select(['seq', 'update_bytes'])
          .where('document', '=', document)
          .where('seq', '>', fromSeq)
          .orderBy('seq')
          .execute();
        const tail = tailRows.map((row) => bytes(row.update_bytes));
        const owners = await trx.selectFrom('document_clients').select(['client_id', 'user_id']).where('document', '=', document).execute();
        const retained = await trx
          .selectFrom('document_checkpoints')
          .select(['seq', sql<number>`octet_length(state)::int8`.as('bytes')])
          .where('document', '=', document)
          .where('retained', '=', 1)
          .orderBy('seq', 'desc')
          .limit(1)
          .executeTakeFirst();
        const sinceRetained = await trx
          .selectFrom('document_updates')
          .select(sql<number>`coalesce(sum(octet_length(update_bytes)), 0)::int8`.as('bytes'))
          .where('document', '=', document)
          .where('seq', '>', retained?.seq ?? 0)
          .executeTakeFirstOrThrow();
        return {
          checkpoint: checkpoint
            ? {
                seq: checkpoint.seq,
                state: bytes(checkpoint.state),
                stateVector: checkpoint.state_vector && bytes(checkpoint.state_vector),
              }
            : null,
          tail,
          tailBytes: tail.reduce((sum, update) => sum + update.byteLength, 0),
          lastSeq: tailRows.length > 0 ? tailRows[tailRows.length - 1]!.seq : fromSeq,
          clientOwners: new Map(owners.map((owner) => [owner.client_id, owner.user_id])),
          retained: retained ? { seq: retained.seq, bytes: retained.bytes } : null,
          bytesSinceRetained: sinceRetained.bytes,
        };
      });
  }

  async append(appends: readonly DocumentAppend[], alongside?: AlongsideWrites): Promise<PlacedAppend[]> {
    checkNumbering(appends);
    const order = appends.map((_, i) => i).sort((a, b) => compareNames(appends[a]!.document, appends[b]!.document));
    const placed: PlacedAppend[] = new Array<PlacedAppend>(appends.length);
    const writeLog = async (trx: Kysely<LogTables>): Promise<void> => {
      for (const index of order) {
        const append = appends[index]!;
        const { document, updates, claims } = append;
        const last = await takePositions(trx, document, updates.length);
        const shift = shiftAfter(append, last);
        placed[index] = { document, firstSeq: last + 1 };
        for (let start = 0; start < updates.length; start += rowsPerInsert) {
          const rows = updates.slice(start, start + rowsPerInsert).map((u) => ({
            document,
            seq: u.seq + shift,
            update_bytes: u.update,
            received_at: u.receivedAt,
            author_id: u.authorId,
          }));
          await trx.insertInto('document_updates').values(rows).execute();
        }
        for (let start = 0; start < claims.length; start += rowsPerInsert) {
          const rows = claims.slice(start, start + rowsPerInsert).map((c) => ({
            document,
            client_id: c.clientId,
            user_id: c.userId,
            first_seq: c.firstSeq + shift,
          }));
          await trx.insertInto('document_clients').values(rows).execute();
        }
      }
    };
    if (!alongside) {
      // READ COMMITTED: the head's row lock alone orders writers of a document.
      await this.db.transaction().execute(writeLog);
      return placed;
    }
    const { appData } = this;
    if (!appData) throw new Error('This store was given no app database, so the server’s own writes cannot go alongside its log.');
    // The app's rows are in this same database: the log and the server's own writes
    // commit together, in one of the app's serializable transactions (run again from the
    // start if PostgreSQL refuses it for a concurrent writer, so positions are re-taken).
    await appData.transaction(async (tx) => {
      await writeLog(tx.kysely as unknown as Kysely<LogTables>);
      await alongside(tx, placed);
    });
    return placed;
  }

  async writeCheckpoint(document: string, seq: number, state: Uint8Array, stateVector: Uint8Array, retained: boolean): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('document_checkpoints')
        .values({ document, seq, state, state_vector: stateVector, created_at: this.clock.now(), retained: retained ? 1 : 0 })
        .onConflict((conflict) =>
          conflict.columns(['document', 'seq']).doUpdateSet({ retained: sql`greatest(document_checkpoints.retained, excluded.retained)` }),
        )
        .execute();
      await trx
        .deleteFrom('document_checkpoints')
        .where('document', '=', document)
        .where('retained', '=', 0)
        .where('seq', '<', seq)
        .execute();
    });
  }

  async latestSeq(document: string): Promise<number> {
    const row = await this.db
      .selectFrom('document_updates')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('document', '=', document)
      .executeTakeFirst();
    return row?.seq ?? 0;
  }

  async writtenAt(document: string, seq: number): Promise<number | null> {
    const row = await this.db
      .selectFrom('document_updates')
      .select('received_at')
      .where('document', '=', document)
      .where('seq', '<=', seq)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.received_at ?? null;
  }

  async entries(document: string, seqs: readonly number[]): Promise<Map<number, LogEntry>> {
    const wanted = [...new Set(seqs)];
    if (wanted.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('document_updates')
      .select(['seq', 'author_id', 'received_at'])
      .where('document', '=', document)
      // One array parameter, so the statement's text is the same whatever the count.
      .where(sql<boolean>`seq = ANY(${wanted}::int8[])`)
      .execute();
    return new Map(rows.map((row) => [row.seq, { authorId: row.author_id, receivedAt: row.received_at }]));
  }

  async readLog(document: string, afterSeq: number, limit: number): Promise<LoggedUpdate[]> {
    const rows = await this.db
      .selectFrom('document_updates')
      .select(['seq', 'update_bytes', 'received_at', 'author_id'])
      .where('document', '=', document)
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ seq: row.seq, update: bytes(row.update_bytes), authorId: row.author_id, receivedAt: row.received_at }));
  }

  async claimsAfter(document: string, afterSeq: number): Promise<ClientClaim[]> {
    const rows = await this.db
      .selectFrom('document_clients')
      .select(['client_id', 'user_id', 'first_seq'])
      .where('document', '=', document)
      .where('first_seq', '>', afterSeq)
      .execute();
    return rows.map((row) => ({ clientId: row.client_id, userId: row.user_id, firstSeq: row.first_seq }));
  }

  async loadAt(document: string, seq: number): Promise<{ checkpoint: { seq: number; state: Uint8Array } | null; updates: Uint8Array[] }> {
    if (seq <= 0) return { checkpoint: null, updates: [] };
    return this.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (trx) => {
        const checkpoint = await trx
          .selectFrom('document_checkpoints')
          .select(['seq', 'state'])
          .where('document', '=', document)
          .where('seq', '<=', seq)
          .orderBy('seq', 'desc')
          .limit(1)
          .executeTakeFirst();
        const rows = await trx
          .selectFrom('document_updates')
          .select('update_bytes')
          .where('document', '=', document)
          .where('seq', '>', checkpoint?.seq ?? 0)
          .where('seq', '<=', seq)
          .orderBy('seq')
          .execute();
        return {
          checkpoint: checkpoint ? { seq: checkpoint.seq, state: bytes(checkpoint.state) } : null,
          updates: rows.map((row) => bytes(row.update_bytes)),
        };
      });
  }
}

/**
 * Moves the document's head on by `count` positions and returns where it was: those
 * positions are this transaction's. The UPDATE locks the head's row until the commit, so
 * a writer of the same document on another server waits here, then sees this head.
 */
async function takePositions(trx: Kysely<LogTables>, document: string, count: number): Promise<number> {
  const moveHead = () =>
    trx
      .updateTable('document_heads')
      .set({ last_seq: sql<number>`last_seq + ${count}` })
      .where('document', '=', document)
      .returning('last_seq')
      .executeTakeFirst();
  let head = await moveHead();
  if (!head) {
    // The document's first append here: its head starts at the end of its log (a
    // concurrent first insert waits for the other's commit and then does nothing).
    await sql`
      INSERT INTO document_heads (document, last_seq)
      SELECT ${document}, coalesce(max(seq), 0) FROM document_updates WHERE document = ${document}
      ON CONFLICT (document) DO NOTHING
    `.execute(trx);
    head = await moveHead();
    if (!head) throw new Error(`document ${document} has no head in the log`);
  }
  return head.last_seq - count;
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `pg` returns bytea as a Buffer; the store hands out plain byte arrays over the same memory. */
function bytes(value: Uint8Array): Uint8Array {
  return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}
