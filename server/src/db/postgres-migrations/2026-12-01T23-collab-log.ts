/**
 * The live documents' durable log on PostgreSQL, in the shape of SQLite's
 * (2026-11-25T10-collab-log and T15's checkpoint state vectors): every accepted update
 * in order, full-state checkpoints at log positions, and which user owns each Yjs client
 * id. Positions, times and Yjs client ids (unsigned 32-bit) need 64 bits, as SQLite's
 * INTEGER has.
 *
 * `document_heads` is PostgreSQL's own: one row per document holding its last position.
 * Locking that row serialises the writers of a document across servers.
 * Frozen: a later change is a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE document_updates (
      document TEXT NOT NULL,
      seq BIGINT NOT NULL,
      update_bytes BYTEA NOT NULL,
      received_at BIGINT NOT NULL,
      author_id TEXT,
      PRIMARY KEY (document, seq)
    )
  `.execute(db);
  await sql`
    CREATE TABLE document_checkpoints (
      document TEXT NOT NULL,
      seq BIGINT NOT NULL,
      state BYTEA NOT NULL,
      state_vector BYTEA,
      created_at BIGINT NOT NULL,
      retained INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (document, seq)
    )
  `.execute(db);
  await sql`
    CREATE TABLE document_clients (
      document TEXT NOT NULL,
      client_id BIGINT NOT NULL,
      user_id TEXT,
      first_seq BIGINT NOT NULL,
      PRIMARY KEY (document, client_id)
    )
  `.execute(db);
  await sql`
    CREATE TABLE document_heads (
      document TEXT PRIMARY KEY,
      last_seq BIGINT NOT NULL
    )
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE document_heads`.execute(db);
  await sql`DROP TABLE document_clients`.execute(db);
  await sql`DROP TABLE document_checkpoints`.execute(db);
  await sql`DROP TABLE document_updates`.execute(db);
}
