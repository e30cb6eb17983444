/**
 * Single sign-on with each borough's own Microsoft Entra ID tenant. A borough's
 * connection (one row): the cloud's sign-in address and the tenant, the application's
 * client id and secret (sealed: AES-256-GCM when a key is configured, never sent back),
 * which email domains lead to it (the borough's own or a list of its own), and its two
 * policies. A person's council identity is linked to one account on (issuer, tenant id,
 * object id), never on an email address. A sign-in in progress waits in
 * `sso_attempts`, found by the hash of its `state`, used once.
 * Frozen: a later change is a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`CREATE TABLE borough_sso (
      borough_id TEXT PRIMARY KEY REFERENCES boroughs (id),
      authority TEXT NOT NULL,
      tenant_id TEXT NOT NULL,
      client_id TEXT NOT NULL,
      sealed_secret TEXT NOT NULL,
      uses_borough_domains INTEGER NOT NULL CHECK (uses_borough_domains IN (0, 1)),
      allows_new_accounts INTEGER NOT NULL CHECK (allows_new_accounts IN (0, 1)),
      requires_sso INTEGER NOT NULL CHECK (requires_sso IN (0, 1)),
      updated_by TEXT REFERENCES users (id),
      updated_at INTEGER NOT NULL
    )`,
    sql`CREATE TABLE sso_domains (
      domain TEXT PRIMARY KEY,
      borough_id TEXT NOT NULL REFERENCES borough_sso (borough_id) ON DELETE CASCADE
    )`,
    sql`CREATE INDEX sso_domains_by_borough ON sso_domains (borough_id)`,
    sql`CREATE TABLE external_identities (
      issuer TEXT NOT NULL,
      tenant_id TEXT NOT NULL,
      object_id TEXT NOT NULL,
      user_id TEXT NOT NULL UNIQUE REFERENCES users (id),
      linked_at INTEGER NOT NULL,
      last_sign_in_at INTEGER,
      PRIMARY KEY (issuer, tenant_id, object_id)
    )`,
    sql`CREATE TABLE sso_attempts (
      state_hash TEXT PRIMARY KEY,
      borough_id TEXT NOT NULL REFERENCES boroughs (id),
      purpose TEXT NOT NULL CHECK (purpose IN ('sign-in', 'link')),
      user_id TEXT REFERENCES users (id),
      nonce TEXT NOT NULL,
      code_verifier TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      CHECK ((purpose = 'link') = (user_id IS NOT NULL))
    )`,
  ];
  for (const statement of statements) await statement.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE sso_attempts`.execute(db);
  await sql`DROP TABLE external_identities`.execute(db);
  await sql`DROP TABLE sso_domains`.execute(db);
  await sql`DROP TABLE borough_sso`.execute(db);
}
