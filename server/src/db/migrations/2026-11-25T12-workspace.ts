/**
 * The workspace's formal records: requirement numbers given by the server, and each
 * decision's status and each borough's position on it (append-only: the latest row is
 * the current one, the earlier rows are the record).
 * Frozen: a later change is a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`CREATE TABLE requirement_numbers (
      procurement_id TEXT NOT NULL REFERENCES procurements (id) ON DELETE CASCADE,
      number INTEGER NOT NULL,
      element_client INTEGER NOT NULL,
      element_clock INTEGER NOT NULL,
      assigned_at INTEGER NOT NULL,
      PRIMARY KEY (procurement_id, number)
    )`,
    sql`CREATE TABLE decision_status (
      id INTEGER PRIMARY KEY,
      procurement_id TEXT NOT NULL REFERENCES procurements (id) ON DELETE CASCADE,
      decision_id TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('open', 'proposed', 'agreed', 'superseded')),
      note TEXT NOT NULL DEFAULT '',
      changed_by TEXT REFERENCES users (id),
      changed_at INTEGER NOT NULL
    )`,
    sql`CREATE INDEX decision_status_by_decision ON decision_status (procurement_id, decision_id, id)`,
    sql`CREATE TABLE decision_positions (
      id INTEGER PRIMARY KEY,
      procurement_id TEXT NOT NULL REFERENCES procurements (id) ON DELETE CASCADE,
      decision_id TEXT NOT NULL,
      borough_id TEXT NOT NULL REFERENCES boroughs (id),
      position TEXT NOT NULL CHECK (position IN ('support', 'object', 'abstain')),
      comment TEXT NOT NULL DEFAULT '',
      recorded_by TEXT NOT NULL REFERENCES users (id),
      recorded_at INTEGER NOT NULL
    )`,
    sql`CREATE INDEX decision_positions_by_decision ON decision_positions (procurement_id, decision_id, borough_id, id)`,
  ];
  for (const statement of statements) await statement.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['decision_positions', 'decision_status', 'requirement_numbers']) {
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  }
}
