/** People who can sign in, each belonging to one borough. */
import type { BoroughSummary, UserSummary } from '../../../shared/api.js';
import type { Queries } from '../db/queries.js';
import { Conflict, Invalid } from '../errors.js';
import { newId } from '../ids.js';

export interface User {
  id: string;
  email: string;
  name: string;
  boroughId: string;
  isBoroughAdmin: boolean;
  /** False once a borough admin removed their access (they have left, say). */
  hasAccess: boolean;
}

/** One address is one account, whatever its case. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

const columns = ['id', 'email', 'display_name', 'borough_id', 'is_borough_admin', 'access_removed_at'] as const;

function toUser(row: {
  id: string;
  email: string;
  display_name: string;
  borough_id: string;
  is_borough_admin: number;
  access_removed_at: number | null;
}): User {
  return {
    id: row.id,
    email: row.email,
    name: row.display_name,
    boroughId: row.borough_id,
    isBoroughAdmin: row.is_borough_admin === 1,
    hasAccess: row.access_removed_at === null,
  };
}

/** The user a session belongs to, or null when they are gone or their access was removed. */
export async function findUserWithAccess(db: Queries, id: string): Promise<User | null> {
  const row = await db.first(db.kysely.selectFrom('users').select(columns).where('id', '=', id).where('access_removed_at', 'is', null));
  return row ? toUser(row) : null;
}

export async function findUserByEmail(db: Queries, email: string): Promise<(User & { passwordHash: string }) | null> {
  const row = await db.first(
    db.kysely
      .selectFrom('users')
      .select([...columns, 'password_hash'])
      .where('email_key', '=', emailKey(email)),
  );
  return row ? { ...toUser(row), passwordHash: row.password_hash } : null;
}

export async function passwordHashOf(db: Queries, userId: string): Promise<string | null> {
  return (await db.first(db.kysely.selectFrom('users').select('password_hash').where('id', '=', userId)))?.password_hash ?? null;
}

/**
 * A new account. `db` is best the caller's transaction: the address is checked free and
 * then taken, and the table's unique address refuses a second account between the two.
 */
export async function createUser(
  db: Queries,
  input: { email: string; name: string; boroughId: string; passwordHash: string; isBoroughAdmin?: boolean },
): Promise<User> {
  if (!(await db.first(db.kysely.selectFrom('boroughs').select('id').where('id', '=', input.boroughId)))) {
    throw new Invalid('Choose one of the London boroughs.', { boroughId: 'Choose one of the London boroughs' });
  }
  if (await findUserByEmail(db, input.email)) {
    throw new Conflict('There is already an account with that email address.');
  }
  const now = db.now();
  const user: User = {
    id: newId(),
    email: input.email.trim(),
    name: input.name.trim(),
    boroughId: input.boroughId,
    isBoroughAdmin: input.isBoroughAdmin ?? false,
    hasAccess: true,
  };
  await db.run(
    db.kysely.insertInto('users').values({
      id: user.id,
      email: user.email,
      email_key: emailKey(user.email),
      display_name: user.name,
      borough_id: user.boroughId,
      password_hash: input.passwordHash,
      is_borough_admin: user.isBoroughAdmin ? 1 : 0,
      created_at: now,
      password_changed_at: now,
      access_removed_at: null,
    }),
  );
  return user;
}

export async function setPasswordHash(db: Queries, userId: string, passwordHash: string): Promise<void> {
  await db.run(db.kysely.updateTable('users').set({ password_hash: passwordHash, password_changed_at: db.now() }).where('id', '=', userId));
}

export async function userSummary(db: Queries, user: User): Promise<UserSummary> {
  return { id: user.id, name: user.name, email: user.email, borough: await boroughSummary(db, user.boroughId) };
}

export async function boroughSummary(db: Queries, boroughId: string): Promise<BoroughSummary> {
  const row = await db.first(db.kysely.selectFrom('boroughs').selectAll().where('id', '=', boroughId));
  return row
    ? { id: row.id, name: row.name, officialName: row.official_name }
    : { id: boroughId, name: boroughId, officialName: boroughId };
}
