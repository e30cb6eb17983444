/** The timeline of versions, newest first, filtered and paginated in SQL. */
import type * as Y from 'yjs';
import type { AreaName, AreaTouched, Person, Timeline, TimelineQuery, VersionSummary } from '../../../shared/history.js';
import { decisionsOf, engagementOf, engagementTypeLabel, type EngagementType } from '../../../shared/doc-layout.js';
import { presenceColour } from '../../../shared/presence.js';
import { inList, type Db } from '../db/database.js';
import type { HistoryVersionsTable } from '../db/schema.js';

export const serverPerson: Person = { id: null, name: 'Jointly', borough: null, boroughId: null, colour: '#505a5f' };

export function peopleById(db: Db, ids: readonly (string | null)[]): Map<string | null, Person> {
  const people = new Map<string | null, Person>([[null, serverPerson]]);
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (wanted.length === 0) return people;
  const rows = db.all(
    db.kysely
      .selectFrom('users as u')
      .innerJoin('boroughs as b', 'b.id', 'u.borough_id')
      .select(['u.id', 'u.display_name', 'b.id as borough_id', 'b.name as borough_name'])
      .where(inList('u.id', wanted)),
  );
  for (const r of rows)
    people.set(r.id, { id: r.id, name: r.display_name, borough: r.borough_name, boroughId: r.borough_id, colour: presenceColour(r.id) });
  return people;
}

/** Labels of entries, from the current document ("Market engagement: Supplier day"). */
export function entryLabels(doc: Y.Doc): Map<string, string> {
  const labels = new Map<string, string>();
  for (const entry of engagementOf(doc).toArray()) {
    const title =
      (entry.get('title') as Y.Text | undefined)?.toString() || engagementTypeLabel[entry.get('type') as EngagementType] || 'an activity';
    labels.set(`engagement:${entry.get('id') as string}`, `Market engagement: ${title}`);
  }
  for (const entry of decisionsOf(doc).toArray()) {
    labels.set(
      `decisions:${entry.get('id') as string}`,
      `Decisions: ${(entry.get('title') as Y.Text | undefined)?.toString() || 'a decision'}`,
    );
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
export function timeline(
  db: Db,
  document: string,
  query: Required<Pick<TimelineQuery, 'page' | 'pageSize'>> & TimelineQuery,
  labels: Map<string, string>,
  latestSeq: number,
): Timeline {
  const where: string[] = ['document = ?'];
  const params: unknown[] = [document];
  if (query.borough) {
    where.push('EXISTS (SELECT 1 FROM json_each(boroughs) WHERE value = ?)');
    params.push(query.borough);
  }
  if (query.person) {
    where.push('EXISTS (SELECT 1 FROM json_each(authors) WHERE value = ?)');
    params.push(query.person);
  }
  if (query.area) {
    where.push("EXISTS (SELECT 1 FROM json_each(areas) WHERE value = ? OR value LIKE ? || ':%')");
    params.push(query.area, query.area);
  }
  if (query.from) {
    where.push('ended_at >= ?');
    params.push(Date.parse(`${query.from}T00:00:00Z`));
  }
  if (query.to) {
    where.push('started_at < ?');
    params.push(Date.parse(`${query.to}T00:00:00Z`) + 86_400_000);
  }
  const clause = where.join(' AND ');
  const page = Number(query.page);
  const pageSize = Number(query.pageSize);
  const total = (db.prepare(`SELECT count(*) AS n FROM history_versions WHERE ${clause}`).get(...params) as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT version, first_seq, last_seq, started_at, ended_at, authors, areas, updates, bytes, restore_of
       FROM history_versions WHERE ${clause} ORDER BY version DESC LIMIT ? OFFSET ?`,
    )
    .all(...params, pageSize, (page - 1) * pageSize) as Pick<
    HistoryVersionsTable,
    'version' | 'first_seq' | 'last_seq' | 'started_at' | 'ended_at' | 'authors' | 'areas' | 'updates' | 'bytes' | 'restore_of'
  >[];
  const allAuthors = (
    db
      .prepare('SELECT DISTINCT j.value AS id FROM history_versions, json_each(history_versions.authors) AS j WHERE document = ?')
      .all(document) as {
      id: string | null;
    }[]
  ).map((r) => r.id);
  const people = peopleById(db, allAuthors);
  const named = db.prepare('SELECT id, name, seq FROM named_versions WHERE procurement_id = ? ORDER BY seq').all(document) as {
    id: string;
    name: string;
    seq: number;
  }[];

  const versions: VersionSummary[] = rows.map((row) => ({
    version: row.version,
    firstSeq: row.first_seq,
    lastSeq: row.last_seq,
    startedAt: new Date(row.started_at).toISOString(),
    endedAt: new Date(row.ended_at).toISOString(),
    authors: (JSON.parse(row.authors) as (string | null)[]).map((id) => people.get(id) ?? serverPerson),
    areas: (JSON.parse(row.areas) as string[]).map((a) => describeArea(a, labels)),
    updates: row.updates,
    bytes: row.bytes,
    restoreOf: row.restore_of,
    named: named.filter((n) => n.seq >= row.first_seq && n.seq <= row.last_seq).map((n) => ({ id: n.id, name: n.name })),
  }));
  return {
    versions,
    total,
    page,
    pageSize,
    people: [...people.values()].filter((p) => p.id !== null),
    latestSeq,
  };
}
