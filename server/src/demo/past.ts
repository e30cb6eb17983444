/**
 * The demo procurement's past, so that someone signing in for the first time finds every
 * part of the workspace in use: eight working days of drafting by Priya Shah (Hackney)
 * and Tom Okafor (Camden), alone and together; an option proposed for the form of the
 * procurement, with both boroughs' positions on it; two engagement activities with
 * follow-ups; three comment threads, one resolved; a version named and signed off by
 * Hackney; and a change by Camden after that sign-off, so that "changed since" shows.
 *
 * It takes the first draft (specification.ts) to the specification as it stands now.
 * Everything is written as it would have been (document-log.ts, discussion.ts), on
 * working days before the moment of seeding (when.ts), inside the caller's transaction.
 */
import type * as Y from 'yjs';
import { decisionsOf } from '../../../shared/doc-layout.js';
import { heading, paragraph, requirement } from '../../../shared/spec-builders.js';
import type { User } from '../auth/users.js';
import type { Queries } from '../db/queries.js';
import { recordPosition } from '../decisions/decisions.js';
import { proposalOf } from '../decisions/proposal.js';
import { nameVersion, signOff, specificationHash } from '../history/named.js';
import { requireMembership, type Membership } from '../procurements/access.js';
import { Discussion } from './discussion.js';
import { DocumentLog } from './document-log.js';
import { recordActivity } from './engagement.js';
import { addAfter, addListItem, requirementNumbered, typeAfter, typeAtEnd, typeOver } from './specification.js';
import { dbAt, workingDate, workingDaysBefore } from './when.js';

export interface DemoPeople {
  /** Priya Shah, Hackney's lead, who started the procurement. */
  hackney: User;
  /** Tom Okafor, Camden's lead. */
  camden: User;
  /** Maria Costa, observing for Islington. */
  islington: User;
}

/** The working day, before seeding, on which the procurement was started. */
export const startedWorkingDaysAgo = 8;

const minutes = (n: number) => n * 60_000;

/** The option Hackney proposes for the form of the procurement. */
const leadBorough = 'One lead borough runs the procedure on behalf of all';

/** The form-of-procurement decision, and the option Hackney proposes for it. */
function formOfProcurement(doc: Y.Doc): { decision: Y.Map<unknown>; decisionId: string; optionId: string } {
  const decision = decisionsOf(doc)
    .toArray()
    .find((d) => d.get('topic') === 'form')!;
  const option = (decision.get('options') as Y.Array<Y.Map<unknown>>)
    .toArray()
    .find((o) => (o.get('title') as Y.Text).toString() === leadBorough)!;
  return { decision, decisionId: decision.get('id') as string, optionId: option.get('id') as string };
}

/** Writes the past of the demo procurement, started by `people.hackney`, before `now`. */
export async function seedDemoPast(db: Queries, procurementId: string, people: DemoPeople, now: number): Promise<void> {
  const { hackney: priya, camden: tom } = people;
  const on = (workingDaysAgo: number, time: string) => workingDaysBefore(now, workingDaysAgo, time);
  const log = await DocumentLog.open(db, procurementId);
  const talk = new Discussion(db, log);
  const member = (user: User) => requireMembership(db, user, procurementId);
  const [hackney, camden, islington] = [await member(priya), await member(tom), await member(people.islington)];

  // Day 1: Hackney tightens its first draft.
  let at = on(8, '09:25');
  await log.edit(priya, at, (doc) =>
    typeAtEnd(
      doc,
      'Hackney and Camden are buying',
      ' This common technical specification sets out what both boroughs need; requirements marked for one borough are that borough’s own variations.',
    ),
  );
  await log.edit(priya, at + minutes(3), (doc) => {
    typeOver(doc, ' and', ',', 'online and by phone');
    typeAfter(doc, 'by phone', ' and in person');
  });

  // Day 2: Camden's first pass, with a variation of its own; Hackney asks about the scope.
  at = on(7, '10:10');
  await log.edit(tom, at, (doc) =>
    addListItem(doc, 'Work orders to in-house teams', 'Not in scope: planned maintenance programmes and leaseholder service charges.'),
  );
  await log.edit(tom, at + minutes(3), (doc) => {
    typeOver(doc, '2.1', '2.2');
    typeAfter(doc, 'at level AA', ' for every page residents use');
  });
  await log.edit(tom, at + minutes(6), (doc) =>
    addAfter(doc, 'appointment slots', [
      requirement({ number: null, priority: 'could', appliesTo: ['camden'] }, ['It could send text-message reminders (Camden variation).']),
    ]),
  );
  const homes = await talk.onText(
    hackney,
    on(7, '15:40'),
    'in council homes',
    'Does this include homes run by tenant management organisations? Hackney has several.',
  );

  // Day 3: Hackney adds its own variation; Tom joins in and they edit together.
  await talk.reply(camden, on(6, '10:40'), homes, 'Yes for Camden: our TMO homes are repaired under the same contract.');
  await talk.reply(hackney, on(6, '10:52'), homes, 'Thanks, then the wording can stay as it is.');
  await talk.resolve(hackney, on(6, '10:53'), homes);
  at = on(6, '11:00');
  await log.edit(priya, at, (doc) =>
    addAfter(doc, 'text-message reminders', [
      heading(3, 'Damp and mould'),
      requirement({ number: null, priority: 'must', appliesTo: ['hackney'] }, [
        'Reports of damp and mould must be flagged for inspection within 10 working days (Hackney variation).',
      ]),
    ]),
  );
  await log.edit(tom, at + minutes(2), (doc) => requirementNumbered(doc, 3).setAttribute('priority', 'should'));
  await log.edit(tom, at + minutes(3), (doc) => {
    typeOver(doc, 'could', 'should be able to', 'Residents could attach');
    typeAfter(doc, 'attach photos', ' and videos');
  });
  await log.edit(priya, at + minutes(4), (doc) => typeAfter(doc, 'live diary', ' and let them change the slot themselves'));

  // Day 4: Hackney proposes how to buy together, supports it, and writes up the questionnaire.
  at = on(5, '09:30');
  const form = formOfProcurement(log.doc);
  await log.edit(priya, at, (doc) => formOfProcurement(doc).decision.set('chosenOptionId', form.optionId));
  await log.edit(priya, at + minutes(3), (doc) =>
    (formOfProcurement(doc).decision.get('rationale') as Y.XmlFragment).push([
      paragraph(
        'Hackney’s procurement team has run joint procurements before and can lead this one. Camden keeps an equal say through the joint board, and evaluates every lot with us.',
      ),
    ]),
  );
  await recordActivity(log, priya, at + minutes(6), {
    type: 'rfi',
    date: workingDate(now, -12),
    title: 'Market sounding questionnaire on repairs systems',
    suppliers: ['Keystone Housing Systems', 'Brightfix Software', 'Tenancy Cloud Ltd', 'Civic Works Digital'],
    smes: ['Tenancy Cloud Ltd', 'Civic Works Digital'],
    boroughs: ['hackney', 'camden'],
    summary: 'Seven suppliers answered the questionnaire; five already offer residents an app for reporting repairs.',
    insights:
      'Only two could show an accessibility audit against WCAG 2.2 AA. Most price per property per year, less for two boroughs or more.',
    actions: [
      { description: 'Share the anonymised answers with Camden’s repairs team', owner: priya, due: workingDate(now, -4), done: true },
      { description: 'Ask the suppliers without an audit when they expect one', owner: tom, due: workingDate(now, 3), done: false },
    ],
    disclosure: {
      shared: 'The draft outline of requirements and the expected contract value (£1.2 million over four years).',
      advantage: 'yes',
      advantageAction:
        'Published the questionnaire, the outline and the expected value on Hackney’s procurement pages, for every supplier.',
      disclosedOn: workingDate(now, -10),
    },
  });
  await position(db, hackney, on(5, '09:45'), log, 'support', 'Hackney will lead: our procurement team has the capacity to run it.');
  const option = await talk.onItem(
    camden,
    on(5, '11:20'),
    { kind: 'decision-option', decisionId: form.decisionId, optionId: form.optionId },
    leadBorough,
    'If Hackney leads, Camden would like an evaluator on every lot. Can the inter-authority agreement say so?',
  );
  await talk.reply(
    hackney,
    on(5, '14:05'),
    option,
    'Yes: one evaluator from each borough on every lot. Our solicitors are putting it in the draft agreement.',
  );
  await talk.reply(
    islington,
    on(5, '15:30'),
    option,
    'Islington may want to call off from this contract later. Could the agreement leave room for other boroughs to join?',
  );

  // Day 5: a question about service levels for Camden; Hackney names the draft and signs it off.
  const levels = await talk.onText(
    camden,
    on(4, '09:15'),
    '20 working days',
    'Camden’s current contractor attends routine repairs within 15 working days. Should we ask for that here?',
  );
  await talk.reply(
    hackney,
    on(4, '10:02'),
    levels,
    '@Camden could you share your contractor’s figures before the steering group? Hackney could accept 15 days if it does not push the price up much.',
    [{ kind: 'borough', id: 'camden' }],
  );
  const hash = specificationHash(log.doc);
  const named = await nameVersion(
    dbAt(db, on(4, '14:00')),
    hackney,
    {
      seq: log.latestSeq,
      name: 'Draft for the steering group',
      note: 'Both boroughs’ officers have been through it. Camden signs off after its legal review.',
    },
    () => hash,
  );
  await signOff(dbAt(db, on(4, '16:10')), hackney, named.id, { specificationHash: hash });

  // Day 6: Camden writes up its suppliers' open day, and waits for its cabinet.
  await recordActivity(log, tom, on(3, '10:00'), {
    type: 'supplier-day',
    date: workingDate(now, -4),
    title: 'Open day for suppliers at 5 Pancras Square',
    suppliers: ['Keystone Housing Systems', 'Brightfix Software', 'Tenancy Cloud Ltd'],
    smes: ['Tenancy Cloud Ltd'],
    boroughs: ['camden', 'hackney', 'islington'],
    summary: 'Three suppliers showed how residents book and change repair appointments. Officers from all three boroughs came.',
    insights: 'Live diaries worked well on a phone. Only one supplier sends text-message reminders in other languages.',
    actions: [
      {
        description: 'Publish the questions asked and the answers given, for every supplier',
        owner: tom,
        due: workingDate(now, 2),
        done: false,
      },
      {
        description: 'Invite Keystone and Brightfix to show their scheduling to Hackney’s repairs team',
        owner: priya,
        due: workingDate(now, 5),
        done: false,
      },
    ],
    disclosure: {
      shared: 'Camden’s and Hackney’s yearly repair volumes, and the planned date of the tender notice.',
      advantage: 'yes',
      advantageAction: 'The volumes and the timetable go with the tender notice; the questions and answers of the day are to be published.',
    },
  });
  await position(
    db,
    camden,
    on(3, '11:00'),
    log,
    'abstain',
    'Camden’s cabinet decides how the council buys jointly. We will record our position once it has met.',
  );

  // Day 7: Camden changes the specification after Hackney's sign-off.
  at = on(2, '14:20');
  await log.edit(tom, at, (doc) => typeAfter(doc, 'text-message reminders', ' in the resident’s preferred language'));
  await log.edit(tom, at + minutes(3), (doc) => typeOver(doc, '30', '28', '30 working days'));

  // What people were told of these comments they saw at the time: their "For you" starts empty.
  await db.run(db.kysely.deleteFrom('notifications').where('procurement_id', '=', procurementId));
}

/** `member`'s borough records its position at `at` on the proposed form of procurement, as the decisions route does. */
async function position(
  db: Queries,
  member: Membership,
  at: number,
  log: DocumentLog,
  value: 'support' | 'abstain',
  comment: string,
): Promise<void> {
  const { decision, decisionId, optionId } = formOfProcurement(log.doc);
  await recordPosition(dbAt(db, at), member, decisionId, { position: value, optionId, comment }, proposalOf(decision));
}
