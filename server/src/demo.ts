/**
 * Demo data for a first look: on an empty database (unless JOINTLY_DEMO=0), the
 * procurement "Housing repairs case management system", led by Hackney with Camden as
 * partner and Islington observing, and four accounts (password `jointly-demo-2026`).
 * The procurement comes with a past (demo/past.ts): started some working days before
 * the demo is seeded, and worked on since, so every part of it has something in it.
 */
import { hashPassword } from './auth/passwords.js';
import { createUser, type User } from './auth/users.js';
import { insertFirstUpdate } from './collab/sqlite-store.js';
import type { Database, Queries } from './db/queries.js';
import type { Logger } from './log.js';
import { recordAudit } from './audit.js';
import { createProcurement } from './procurements/procurements.js';
import { buildInitialDocument } from './workspace/initial-document.js';
import { seedDemoPast, startedWorkingDaysAgo } from './demo/past.js';
import { firstDraft } from './demo/specification.js';
import { dbAt, workingDaysBefore } from './demo/when.js';

export const demoPassword = 'jointly-demo-2026';

export const demoAccounts = [
  {
    email: 'lead@hackney.demo',
    name: 'Priya Shah',
    boroughId: 'hackney',
    note: "owner, Hackney's borough lead and Hackney's account admin",
    admin: true,
  },
  { email: 'editor@camden.demo', name: 'Tom Okafor', boroughId: 'camden', note: "editor, Camden's borough lead", admin: false },
  { email: 'viewer@islington.demo', name: 'Maria Costa', boroughId: 'islington', note: 'viewer (Islington observes)', admin: false },
  { email: 'outsider@croydon.demo', name: 'Sam Reid', boroughId: 'croydon', note: 'no access to the demo procurement', admin: false },
] as const;

export interface DemoOptions {
  /** JOINTLY_DEMO: the operator's wish. */
  enabled: boolean;
  /** The address people use: demo accounts never exist on an https deployment. */
  publicOrigin: string;
}

/** Why the demo is not seeded, or null when it may be. */
async function reasonNotToSeed(db: Queries, options: DemoOptions): Promise<string | null> {
  if (!options.enabled) return 'JOINTLY_DEMO=0';
  if (options.publicOrigin.startsWith('https:')) return 'PUBLIC_ORIGIN is https, so this is a real deployment';
  return (await hasAccounts(db)) ? alreadyHasAccounts : null;
}

const alreadyHasAccounts = 'the database already has accounts';

async function hasAccounts(db: Queries): Promise<boolean> {
  return (await db.first(db.kysely.selectFrom('users').select('id').limit(1))) !== undefined;
}

/**
 * Seeds the demo for a first look, only into a database with no accounts at all and
 * never on an https deployment; says in one log line at start which it was.
 */
export async function seedDemo(db: Database, log: Logger, options: DemoOptions): Promise<void> {
  const reason = await reasonNotToSeed(db, options);
  if (reason) {
    log.info('demo-not-seeded', { why: reason });
    return;
  }
  const passwordHash = await hashPassword(demoPassword);
  // All of it or nothing: a half-seeded database would count as one with accounts. Asked
  // again inside: another server sharing the database may have seeded it meanwhile (on
  // PostgreSQL the transaction that comes second is run again, and then sees the first's).
  const seeded = await db.transaction(async (tx) => {
    if (await hasAccounts(tx)) return false;
    await seedDemoRows(tx, passwordHash);
    return true;
  });
  if (!seeded) {
    log.info('demo-not-seeded', { why: alreadyHasAccounts });
    return;
  }
  log.warn('demo-seeded', {
    accounts: demoAccounts.map((a) => a.email).join(','),
    password: demoPassword,
    note: 'for a first look only; remove them with: npm run admin -- remove-demo',
  });
}

async function seedDemoRows(db: Queries, passwordHash: string): Promise<void> {
  const now = db.now();
  // Everything up to the procurement's first state happened when it was started.
  const started = workingDaysBefore(now, startedWorkingDaysAgo, '09:05');
  const then = dbAt(db, started);
  const users: User[] = [];
  for (const account of demoAccounts) {
    users.push(
      await createUser(then, {
        email: account.email,
        name: account.name,
        boroughId: account.boroughId,
        passwordHash,
        isBoroughAdmin: account.admin,
      }),
    );
  }
  const [lead, editor, viewer] = users as [User, User, User, User];
  // Each demo borough's made-up email domain, so invitations check addresses as they would.
  for (const boroughId of new Set(demoAccounts.map((a) => a.boroughId))) {
    await db.run(
      db.kysely
        .insertInto('borough_email_domains')
        .values({ domain: `${boroughId}.demo`, borough_id: boroughId, added_by: null, added_at: started }),
    );
  }
  const id = await createProcurement(
    then,
    lead,
    {
      title: 'Housing repairs case management system',
      reference: 'JP-2026-014',
      summary:
        'A shared system for reporting, scheduling and tracking housing repairs, specified together by Hackney and Camden, with Islington observing.',
      phase: 'specification',
    },
    () => buildInitialDocument(firstDraft),
    (tx, document, update) => insertFirstUpdate(tx, document, update),
  );
  const joined = started + 3 * 60_000;
  await db.run(
    db.kysely.insertInto('procurement_boroughs').values([
      { procurement_id: id, borough_id: 'camden', role: 'partner', added_by: lead.id, added_at: joined },
      { procurement_id: id, borough_id: 'islington', role: 'observer', added_by: lead.id, added_at: joined },
    ]),
  );
  await db.run(
    db.kysely.insertInto('procurement_members').values([
      {
        procurement_id: id,
        user_id: editor.id,
        borough_id: 'camden',
        role: 'editor',
        is_borough_lead: 1,
        added_by: lead.id,
        added_at: joined,
      },
      {
        procurement_id: id,
        user_id: viewer.id,
        borough_id: 'islington',
        role: 'viewer',
        is_borough_lead: 0,
        added_by: lead.id,
        added_at: joined,
      },
    ]),
  );
  await seedDemoPast(db, id, { hackney: lead, camden: editor, islington: viewer }, now);
}

/**
 * Takes the demo accounts out of a deployment: they can never sign in again, their
 * sessions end, they are nobody's administrator and leave every procurement and their
 * open invitations are withdrawn. Their rows stay, so what they wrote is still
 * attributed to them in the demo procurement's history. Returns the emails removed.
 */
export async function removeDemoAccounts(db: Database): Promise<string[]> {
  const rows = await db.all(
    db.kysely
      .selectFrom('users')
      .select(['id', 'email'])
      .where(
        'email_key',
        'in',
        demoAccounts.map((a) => a.email),
      )
      .where((eb) => eb.or([eb('access_removed_at', 'is', null), eb('password_hash', '!=', '')])),
  );
  if (rows.length === 0) return [];
  await db.transaction(async (tx) => {
    for (const { id, email } of rows) {
      await tx.run(tx.kysely.deleteFrom('sessions').where('user_id', '=', id));
      await tx.run(tx.kysely.deleteFrom('procurement_members').where('user_id', '=', id));
      await tx.run(tx.kysely.deleteFrom('invitations').where('created_by', '=', id).where('accepted_at', 'is', null));
      // An empty hash matches no password: the account can never be signed in to again.
      await tx.run(
        tx.kysely.updateTable('users').set({ password_hash: '', is_borough_admin: 0, access_removed_at: tx.now() }).where('id', '=', id),
      );
      await recordAudit(tx, { procurementId: null, actorId: null, action: 'account.demo-removed', detail: { userId: id, email } });
    }
    await tx.run(tx.kysely.deleteFrom('borough_email_domains').where('domain', 'like', '%.demo'));
  });
  return rows.map((r) => r.email);
}
