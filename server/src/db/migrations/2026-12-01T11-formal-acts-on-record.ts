/**
 * Formal acts that say only true things: a borough's position names the option it is
 * about (and what that option said then, so a changed option asks again); an agreement
 * names its option; a sign-off is made once per borough and version and can be withdrawn
 * with a reason, on record. Sign-offs recorded twice before this are kept, the later one
 * marked withdrawn as a duplicate. Frozen: a later change is a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`ALTER TABLE decision_positions ADD COLUMN option_id TEXT`,
    sql`ALTER TABLE decision_positions ADD COLUMN option_title TEXT NOT NULL DEFAULT ''`,
    sql`ALTER TABLE decision_positions ADD COLUMN option_digest TEXT NOT NULL DEFAULT ''`,
    sql`ALTER TABLE decision_status ADD COLUMN option_id TEXT`,
    sql`ALTER TABLE signoffs ADD COLUMN withdrawn_at INTEGER`,
    sql`ALTER TABLE signoffs ADD COLUMN withdrawn_by TEXT REFERENCES users (id)`,
    sql`ALTER TABLE signoffs ADD COLUMN withdrawal_reason TEXT NOT NULL DEFAULT ''`,
    sql`UPDATE signoffs SET withdrawn_at = signed_at, withdrawal_reason = 'Recorded twice'
      WHERE id NOT IN (SELECT min(id) FROM signoffs GROUP BY named_version_id, borough_id)`,
    sql`CREATE UNIQUE INDEX signoffs_once ON signoffs (named_version_id, borough_id) WHERE withdrawn_at IS NULL`,
  ];
  for (const statement of statements) await statement.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX signoffs_once`.execute(db);
  for (const [table, column] of [
    ['signoffs', 'withdrawal_reason'],
    ['signoffs', 'withdrawn_by'],
    ['signoffs', 'withdrawn_at'],
    ['decision_status', 'option_id'],
    ['decision_positions', 'option_digest'],
    ['decision_positions', 'option_title'],
    ['decision_positions', 'option_id'],
  ]) {
    await sql`ALTER TABLE ${sql.table(table!)} DROP COLUMN ${sql.ref(column!)}`.execute(db);
  }
}
