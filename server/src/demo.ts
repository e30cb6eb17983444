/**
 * Demo data for a first look: on an empty database (unless JOINTLY_DEMO=0), the
 * procurement "Housing repairs case management system", led by Hackney with Camden as
 * partner and Islington observing, and four accounts (password `jointly-demo-2026`).
 */
import type * as Y from 'yjs';
import { hashPassword } from './auth/passwords.js';
import { createUser, findUserByEmail, type User } from './auth/users.js';
import { insertFirstUpdate } from './collab/sqlite-store.js';
import type { Db } from './db/database.js';
import type { Logger } from './log.js';
import { createProcurement } from './procurements/procurements.js';
import { bulletList, heading, paragraph, requirement, table } from '../../shared/spec-builders.js';
import { buildInitialDocument } from './workspace/initial-document.js';

export const demoPassword = 'jointly-demo-2026';

export const demoAccounts = [
  { email: 'lead@hackney.demo', name: 'Priya Shah', boroughId: 'hackney', note: "owner, Hackney's borough lead and Hackney's account admin", admin: true },
  { email: 'editor@camden.demo', name: 'Tom Okafor', boroughId: 'camden', note: "editor, Camden's borough lead", admin: false },
  { email: 'viewer@islington.demo', name: 'Maria Costa', boroughId: 'islington', note: 'viewer (Islington observes)', admin: false },
  { email: 'outsider@croydon.demo', name: 'Sam Reid', boroughId: 'croydon', note: 'no access to the demo procurement', admin: false },
] as const;

function demoSpecification(fragment: Y.XmlFragment): void {
  let n = 0;
  const next = () => ++n;
  fragment.insert(0, [
    heading(2, 'Introduction'),
    paragraph(
      'Hackney and Camden are buying a case management system for housing repairs together. This common technical specification sets out what both boroughs need; requirements marked for one borough are that borough’s own variations.',
    ),
    heading(2, 'Scope'),
    bulletList(
      ['Reporting, triage and scheduling of responsive repairs in council homes.'],
      ['Work orders to in-house teams and contractors, with appointments residents can manage.'],
      ['Not in scope: planned maintenance programmes and leaseholder service charges.'],
    ),
    heading(2, 'Requirements'),
    heading(3, 'Reporting a repair'),
    requirement({ number: next(), priority: 'must' }, [
      'Residents must be able to report a repair online, by phone and in person, and get a reference number straight away.',
    ]),
    requirement({ number: next(), priority: 'must' }, [
      'The system must meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA for every page residents use.',
    ]),
    requirement({ number: next(), priority: 'should' }, [
      'Residents should be able to attach photos and videos of the problem when they report it.',
    ]),
    heading(3, 'Scheduling and appointments'),
    requirement({ number: next(), priority: 'must' }, [
      'The system must offer residents appointment slots from the operative’s live diary and let them change the slot themselves.',
    ]),
    requirement({ number: next(), priority: 'could', appliesTo: ['camden'] }, [
      'It could send text-message reminders in the resident’s preferred language (Camden variation).',
    ]),
    heading(3, 'Damp and mould'),
    requirement({ number: next(), priority: 'must', appliesTo: ['hackney'] }, [
      'Reports of damp and mould must be flagged for inspection within 10 working days (Hackney variation).',
    ]),
    heading(2, 'Service levels'),
    table(
      ['Priority', 'Attend within', 'Complete within'],
      [
        ['Emergency', '4 hours', '24 hours'],
        ['Urgent', '3 working days', '7 working days'],
        ['Routine', '20 working days', '28 working days'],
      ],
    ),
  ]);
}

/** Seeds the demo on an empty database; does nothing when any procurement exists. */
export async function seedDemo(db: Db, log: Logger): Promise<void> {
  const existing = db.first(db.kysely.selectFrom('procurements').select('id').limit(1));
  if (existing) return;
  const users: User[] = [];
  for (const account of demoAccounts) {
    const found = findUserByEmail(db, account.email);
    users.push(
      found ??
        createUser(db, {
          email: account.email,
          name: account.name,
          boroughId: account.boroughId,
          passwordHash: await hashPassword(demoPassword),
          isBoroughAdmin: account.admin,
        }),
    );
  }
  const [lead, editor, viewer] = users as [User, User, User, User];
  const id = createProcurement(
    db,
    lead,
    {
      title: 'Housing repairs case management system',
      reference: 'JP-2026-014',
      summary:
        'A shared system for reporting, scheduling and tracking housing repairs, specified together by Hackney and Camden, with Islington observing.',
      phase: 'specification',
    },
    () => buildInitialDocument(demoSpecification),
    (document, update) => insertFirstUpdate(db, document, update),
  );
  const now = db.now();
  db.transaction(() => {
    db.run(
      db.kysely.insertInto('procurement_boroughs').values([
        { procurement_id: id, borough_id: 'camden', role: 'partner', added_by: lead.id, added_at: now },
        { procurement_id: id, borough_id: 'islington', role: 'observer', added_by: lead.id, added_at: now },
      ]),
    );
    db.run(
      db.kysely.insertInto('procurement_members').values([
        { procurement_id: id, user_id: editor.id, borough_id: 'camden', role: 'editor', is_borough_lead: 1, added_by: lead.id, added_at: now },
        { procurement_id: id, user_id: viewer.id, borough_id: 'islington', role: 'viewer', is_borough_lead: 0, added_by: lead.id, added_at: now },
      ]),
    );
  });
  log.info('demo-seeded', { procurement: id, accounts: demoAccounts.length });
}
