/**
 * The live documents' durable log: every accepted update in order, full-state
 * checkpoints at log positions, and which user owns each Yjs client id.
 * Frozen: a later change is a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE document_updates (
      document TEXT NOT NULL,
      seq INTEGER NOT NULL,
      update_bytes BLOB NOT NULL,
      received_at INTEGER NOT NULL,
      author_id TEXT,
      PRIMARY KEY (document, seq)
    ) WITHOUT ROWID
  `.execute(db);
  await sql`
    CREATE TABLE document_checkpoints (
      document TEXT NOT NULL,
      seq INTEGER NOT NULL,
      state BLOB NOT NULL,
      created_at INTEGER NOT NULL,
      retained INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (document, seq)
    )
  `.execute(db);
  await sql`
    CREATE TABLE document_clients (
      document TEXT NOT NULL,
      client_id INTEGER NOT NULL,
      user_id TEXT,
      first_seq INTEGER NOT NULL,
      PRIMARY KEY (document, client_id)
    ) WITHOUT ROWID
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE document_clients`.execute(db);
  await sql`DROP TABLE document_checkpoints`.execute(db);
  await sql`DROP TABLE document_updates`.execute(db);
}
