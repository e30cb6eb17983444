/**
 * The timeline of versions, newest first, filtered and paginated in SQL, each said in
 * the words people use: by its name when it has one, with the people who made it (the
 * server is never one of them: what it did alone is a note), and what it changed ("3
 * requirements edited, 1 added") rather than how many updates and bytes.
 */
import { suggestionDecisionsBetween } from './suggestion-decisions.js';
import type * as Y from 'yjs';
import type { AreaName, AreaTouched, Person, Timeline, TimelineQuery, VersionSummary } from '../../../shared/history.js';
import { decisionsOf, engagementOf, engagementTypeLabel, type EngagementType } from '../../../shared/doc-layout.js';
import { colourPeople, presenceColour } from '../../../shared/presence.js';
import { BoroughsOverTime } from '../account-boroughs/boroughs-over-time.js';
import { sql } from 'kysely';
import type { Queries } from '../db/queries.js';
import { memberColours } from '../procurements/procurements.js';
import type { ThingChange, ThingChanges } from './grouping.js';
import { someElement } from './json-arrays.js';

/** The server, for attributing the text it wrote (the comparison); never listed as a person. */
export const serverPerson: Person = { id: null, name: 'Jointly', borough: null, boroughId: null, colour: '#505a5f' };

/**
 * The people with these ids (the server, null, always included), by id, with the borough
 * they are in now and their colour in the procurement.
 */
export async function peopleById(db: Queries, procurementId: string, ids: readonly (string | null)[]): Promise<Map<string | null, Person>> {
  const people = new Map<string | null, Person>([[null, serverPerson]]);
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (wanted.length === 0) return people;
  const rows = await db.all(
    db.kysely
      .selectFrom('users as u')
      .innerJoin('boroughs as b', 'b.id', 'u.borough_id')
      .select(['u.id', 'u.display_name', 'b.id as borough_id', 'b.name as borough_name'])
      .where(db.inList('u.id', wanted)),
  );
  const found = rows.map((r) => ({
    id: r.id,
    name: r.display_name,
    borough: r.borough_name,
    boroughId: r.borough_id,
    colour: presenceColour(r.id),
  }));
  const members = [...(await memberColours(db, procurementId))].map(([userId, colour]) => ({ userId, colour }));
  for (const person of colourPeople(found, members)) people.set(person.id, person);
  return people;
}

/**
 * Labels of entries, from the current document: "Market engagement: Supplier day" under
 * 'engagement:<id>', "Decisions: Form of joint procurement" under 'decisions:<id>', and
 * each decision's bare title (when it has one) under 'title:decisions:<id>'.
 */
export function entryLabels(doc: Y.Doc): Map<string, string> {
  const labels = new Map<string, string>();
  for (const entry of engagementOf(doc).toArray()) {
    const title =
      (entry.get('title') as Y.Text | undefined)?.toString() || engagementTypeLabel[entry.get('type') as EngagementType] || 'an activity';
    labels.set(`engagement:${entry.get('id') as string}`, `Market engagement: ${title}`);
  }
  for (const entry of decisionsOf(doc).toArray()) {
    const title = (entry.get('title') as Y.Text | undefined)?.toString() ?? '';
    labels.set(`decisions:${entry.get('id') as string}`, `Decisions: ${title || 'a decision'}`);
    if (title) labels.set(`title:decisions:${entry.get('id') as string}`, title);
  }
  return labels;
}

const areaNames: Record<AreaName, string> = { specification: 'Specification', engagement: 'Market engagement', decisions: 'Decisions' };

function describeArea(area: string, labels: Map<string, string>): AreaTouched {
  const [root, entryId] = area.split(':') as [AreaName, string | undefined];
  if (!entryId) return { area: root, entryId: null, label: areaNames[root] ?? root };
  return { area: root, entryId, label: labels.get(area) ?? `${areaNames[root] ?? root}: a removed entry` };
}

/** One page of the timeline; `latestSeq` is the log's last position (read by the caller from the store). */
export async function timeline(
  db: Queries,
  document: string,
  query: Required<Pick<TimelineQuery, 'page' | 'pageSize'>> & TimelineQuery,
  labels: Map<string, string>,
  latestSeq: number,
): Promise<Timeline> {
  const { dialect } = db;
  let filtered = db.kysely.selectFrom('history_versions').where('document', '=', document);
  if (query.borough) {
    const borough = query.borough;
    filtered = filtered.where(someElement(dialect, 'boroughs', (value) => sql<boolean>`${value} = ${borough}`));
  }
  if (query.person) {
    const person = query.person;
    filtered = filtered.where(someElement(dialect, 'authors', (value) => sql<boolean>`${value} = ${person}`));
  }
  if (query.area) {
    // The area itself, or any entry in it ('engagement:<id>').
    const area = query.area;
    filtered = filtered.where(someElement(dialect, 'areas', (value) => sql<boolean>`(${value} = ${area} OR ${value} LIKE ${`${area}:%`})`));
  }
  if (query.from) filtered = filtered.where('ended_at', '>=', Date.parse(`${query.from}T00:00:00Z`));
  if (query.to) filtered = filtered.where('started_at', '<', Date.parse(`${query.to}T00:00:00Z`) + 86_400_000);
  const page = Number(query.page);
  const pageSize = Number(query.pageSize);
  const total = (await db.first(filtered.select((eb) => eb.fn.countAll<number>().as('n'))))?.n ?? 0;
  const rows = await db.all(
    filtered
      .select([
        'version',
        'first_seq',
        'last_seq',
        'started_at',
        'ended_at',
        'authors',
        'areas',
        'updates',
        'bytes',
        'restore_of',
        'changes',
      ])
      .orderBy('version', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize),
  );
  // Few distinct lists, however many versions: read once each, the people in them unpacked here.
  const authorLists = await db.all(db.kysely.selectFrom('history_versions').select('authors').distinct().where('document', '=', document));
  const allAuthors = [...new Set(authorLists.flatMap((r) => JSON.parse(r.authors) as (string | null)[]))];
  const people = await peopleById(db, document, allAuthors);
  const boroughs = new BoroughsOverTime(db);
  await boroughs.refresh();
  const boroughNames = new Map((await db.all(db.kysely.selectFrom('boroughs').select(['id', 'name']))).map((b) => [b.id, b.name]));
  /** The person as they were when the version ended: a corrected account keeps its borough then. */
  const asThen = async (person: Person, at: number): Promise<Person> => {
    const then = person.id ? await boroughs.at(person.id, at) : null;
    return then && then !== person.boroughId ? { ...person, boroughId: then, borough: boroughNames.get(then) ?? then } : person;
  };
  const named = await db.all(
    db.kysely.selectFrom('named_versions').select(['id', 'name', 'seq']).where('procurement_id', '=', document).orderBy('seq'),
  );
  /** What a restore put back: the version holding that log position, by its name if one was given there. */
  const restored = async (seq: number): Promise<string> => {
    const found = await db.first(
      db.kysely
        .selectFrom('history_versions')
        .select('version')
        .where('document', '=', document)
        .where('last_seq', '>=', seq)
        .where('first_seq', '<=', seq)
        .orderBy('last_seq')
        .limit(1),
    );
    if (!found) return 'the document as it was at the start';
    const names = named.filter((n) => n.seq === seq).map((n) => n.name);
    return names.length > 0 ? titleOf(found.version, names) : `version ${found.version}`;
  };

  const decisions =
    rows.length === 0
      ? []
      : await suggestionDecisionsBetween(
          db,
          document,
          Math.min(...rows.map((r) => r.first_seq)) - 1,
          Math.max(...rows.map((r) => r.last_seq)),
          (ids) => peopleById(db, document, ids),
        );
  const versions: VersionSummary[] = [];
  for (const row of rows) {
    const changes = row.changes ? (JSON.parse(row.changes) as ThingChanges) : null;
    const authors: Person[] = [];
    for (const id of JSON.parse(row.authors) as (string | null)[]) {
      if (id !== null) authors.push(await asThen(people.get(id) ?? formerMember(id), row.ended_at));
    }
    const names = named.filter((n) => n.seq >= row.first_seq && n.seq <= row.last_seq);
    let note: string | null = null;
    if (row.restore_of !== null) note = `Restored ${await restored(row.restore_of)}${authors.length > 0 ? ` by ${namesOf(authors)}` : ''}`;
    else if (authors.length === 0) note = serverNote(row.first_seq, changes);
    versions.push({
      version: row.version,
      title: titleOf(
        row.version,
        names.map((n) => n.name),
      ),
      firstSeq: row.first_seq,
      lastSeq: row.last_seq,
      startedAt: new Date(row.started_at).toISOString(),
      endedAt: new Date(row.ended_at).toISOString(),
      authors,
      changes: changes ? describeChanges(changes, labels) : null,
      note,
      areas: (JSON.parse(row.areas) as string[]).map((a) => describeArea(a, labels)),
      updates: row.updates,
      bytes: row.bytes,
      restoreOf: row.restore_of,
      named: names.map((n) => ({ id: n.id, name: n.name })),
      suggestionDecisions: decisions.filter((d) => d.seq >= row.first_seq && d.seq <= row.last_seq),
    });
  }
  return {
    versions,
    total,
    page,
    pageSize,
    people: [...people.values()].filter((p) => p.id !== null),
    latestSeq,
  };
}

/** "Draft for tender (version 12)", or "Version 12" when it carries no name. */
export function titleOf(version: number, names: readonly string[]): string {
  return names.length > 0 ? `${names.join(', ')} (version ${version})` : `Version ${version}`;
}

/** Someone whose account is not found (it cannot happen: accounts are never deleted). */
function formerMember(id: string): Person {
  return { id, name: 'A former member', borough: null, boroughId: null, colour: serverPerson.colour };
}

/** "Priya Shah, Hackney and Tom Okafor, Camden". */
function namesOf(people: readonly Person[]): string {
  const named = people.map((p) => (p.borough ? `${p.name}, ${p.borough}` : p.name));
  return named.length > 1 ? `${named.slice(0, -1).join('; ')} and ${named.at(-1)!}` : (named[0] ?? '');
}

/** What a version the server made alone was: the starting document, or requirement numbers. */
function serverNote(firstSeq: number, changes: ThingChanges | null): string {
  if (firstSeq === 1) return `Starting document created by ${serverPerson.name}`;
  // Numbering is the only change the server makes alone (versions kept before the
  // summaries were cannot say, but cannot be anything else).
  if (!changes || changes.numbered.length > 0) return `Requirement numbers given by ${serverPerson.name}`;
  return `Changes made by ${serverPerson.name}`;
}

/** The kinds of thing a summary counts, in the order it says them, with their nouns. */
const kinds: [kind: string, one: string, many: string][] = [
  ['requirement', 'requirement', 'requirements'],
  ['heading', 'heading', 'headings'],
  ['paragraph', 'paragraph', 'paragraphs'],
  ['table', 'table', 'tables'],
  ['engagement', 'engagement activity', 'engagement activities'],
  ['decisions', 'decision', 'decisions'],
];
const verbs: ThingChange[] = ['edited', 'added', 'removed'];
/** Decisions are named, up to this many; beyond it they are counted. */
const decisionsNamed = 2;

/**
 * What a version changed, one phrase per kind of thing: "3 requirements edited, 1
 * added", "2 paragraphs edited", "decision ‘Form of joint procurement’ edited". A few
 * decisions are named, by their titles in `labels` (see `entryLabels`); removed ones,
 * no longer in the document, are counted.
 */
export function describeChanges(changes: ThingChanges, labels: ReadonlyMap<string, string>): string[] {
  const byKind = new Map<string, Map<ThingChange, string[]>>();
  for (const [key, change] of Object.entries(changes.things)) {
    const kind = key.slice(0, key.indexOf(':'));
    let byChange = byKind.get(kind);
    if (!byChange) byKind.set(kind, (byChange = new Map<ThingChange, string[]>()));
    const keys = byChange.get(change);
    if (keys) keys.push(key);
    else byChange.set(change, [key]);
  }
  const phrases: string[] = [];
  for (const [kind, one, many] of kinds) {
    const byChange = byKind.get(kind);
    if (!byChange) continue;
    const keys = [...byChange.values()].flat();
    const titles = keys.map((key) => labels.get(`title:${key}`));
    if (kind === 'decisions' && keys.length <= decisionsNamed && titles.every((t) => t !== undefined)) {
      for (const verb of verbs) {
        for (const key of byChange.get(verb) ?? []) phrases.push(`${one} ‘${labels.get(`title:${key}`)!}’ ${verb}`);
      }
      continue;
    }
    const parts = verbs
      .filter((verb) => byChange.has(verb))
      .map((verb, i) => {
        const n = byChange.get(verb)!.length;
        return i === 0 ? `${n} ${n === 1 ? one : many} ${verb}` : `${n} ${verb}`;
      });
    phrases.push(parts.join(', '));
  }
  return phrases;
}
