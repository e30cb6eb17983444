/**
 * Compares two versions of a procurement's document.
 *
 * The current document (never garbage-collected, so it still holds every item ever
 * written) is read through two Yjs snapshots: an item is in a version if it had been
 * inserted and not yet deleted by then. Text is diffed by Yjs itself
 * (`toDelta(snapshot, prevSnapshot)`); each inserted or deleted stretch is then traced
 * through the history tables to the update that inserted or deleted it, and so to its
 * author. A requirement's changed priority or "applies to" is traced the same way,
 * through the write that gave the attribute its new value.
 */
import { suggestionDecisionsBetween } from './suggestion-decisions.js';
import * as Y from 'yjs';
import type {
  AttributeAuthor,
  Comparison,
  DiffBlock,
  DiffRun,
  EntryChange,
  FieldChange,
  RequirementChange,
  RequirementState,
} from '../../../shared/history.js';
import {
  decisionsOf,
  engagementOf,
  formatRequirementId,
  isXmlElement,
  priorities,
  specificationOf,
  specNodes,
  stringsIn,
} from '../../../shared/doc-layout.js';
import type { DocumentStore } from '../collab/store.js';
import { sql, type Compilable, type RawBuilder } from 'kysely';
import type { Queries } from '../db/queries.js';
import { decisionFields, engagementFields } from './entry-fields.js';
import { snapshotAt } from './reconstruct.js';
import {
  attributeAt,
  attributeWrite,
  childrenIn,
  richTextAt,
  textAttributeAt,
  type AnyType,
  type EntryWrite,
  type Snapshot,
} from './snapshot-reading.js';
import { peopleById } from './timeline.js';

interface PendingMark {
  run: DiffRun;
  type: 'added' | 'removed';
  client: number;
  clock: number;
}

/** A requirement's changed attribute, waiting to be traced to its author. */
interface PendingAttribute {
  change: RequirementChange;
  attribute: 'priority' | 'appliesTo';
  write: EntryWrite;
}

/** Compares two log positions of one document (see the top of this file). */
export class Comparer {
  private readonly marks: PendingMark[] = [];
  private readonly attributes: PendingAttribute[] = [];
  /** What `load` read from the history tables, for `compare`. */
  private loaded: { before: Y.Snapshot; after: Y.Snapshot; suggestionDecisions: Comparison['suggestionDecisions'] } | null = null;

  constructor(
    private readonly db: Queries,
    private readonly document: string,
    private readonly fromSeq: number,
    private readonly toSeq: number,
  ) {}

  /** Reads both versions' snapshots and the decisions between them: before `compare`, which reads the live document. */
  async load(): Promise<void> {
    this.loaded = {
      before: await snapshotAt(this.db, this.document, this.fromSeq),
      after: await snapshotAt(this.db, this.document, this.toSeq),
      suggestionDecisions: await suggestionDecisionsBetween(this.db, this.document, this.fromSeq, this.toSeq, (ids) =>
        peopleById(this.db, this.document, ids),
      ),
    };
  }

  /** Compares within `doc`, the current document: it holds every item of both versions. Call `load` first. */
  compare(doc: Y.Doc): Comparison {
    if (!this.loaded) throw new Error('the versions to compare were not loaded');
    const { before, after, suggestionDecisions } = this.loaded;
    let specification: DiffBlock[] = [];
    let requirements: RequirementChange[] = [];
    let engagement: EntryChange[] = [];
    let decisions: EntryChange[] = [];
    // One transaction for the whole read: Yjs splits items at each snapshot's boundaries
    // once per transaction, not once per text (nothing is written).
    Y.transact(
      doc,
      () => {
        specification = this.specification(specificationOf(doc), before, after);
        requirements = this.requirements(specificationOf(doc), before, after);
        engagement = this.entries(engagementOf(doc), before, after, engagementFields);
        decisions = this.entries(decisionsOf(doc), before, after, decisionFields);
      },
      'history',
    );
    return {
      // Filled in by `attribute`, with each change's author.
      from: { seq: this.fromSeq, at: null },
      to: { seq: this.toSeq, at: null },
      people: [],
      specification,
      requirements,
      engagement,
      decisions,
      suggestionDecisions,
    };
  }

  // ---- the specification, block by block -------------------------------------------

  private specification(fragment: Y.XmlFragment, before: Snapshot, after: Snapshot): DiffBlock[] {
    const blocks: DiffBlock[] = [];
    const visit = (parent: AnyType, listDepth: number) => {
      for (const { item, inBefore, inAfter } of childrenIn(parent, before, after)) {
        const element = item.content instanceof Y.ContentType ? item.content.type : null;
        if (!isXmlElement(element)) continue;
        const change = inBefore && inAfter ? undefined : inAfter ? 'added' : 'removed';
        const snapshot = inAfter ? after : before;
        switch (element.nodeName) {
          case specNodes.heading:
          case specNodes.paragraph:
            blocks.push({
              kind: element.nodeName === specNodes.heading ? 'heading' : listDepth > 0 ? 'listItem' : 'paragraph',
              ...(element.nodeName === specNodes.heading ? { level: Number(attributeAt(element, 'level', snapshot)) || 2 } : {}),
              ...(change ? { change } : {}),
              runs: this.runs(element, before, after),
            });
            break;
          case specNodes.requirement: {
            const number = attributeAt(element, 'number', snapshot);
            blocks.push({
              kind: 'requirement',
              requirement: {
                id: formatRequirementId(typeof number === 'number' ? number : null),
                priority: textAttributeAt(element, 'priority', snapshot, 'must'),
                appliesTo: stringsIn(attributeAt(element, 'appliesTo', snapshot)),
              },
              ...(change ? { change } : {}),
              runs: this.joinedRuns(element, before, after, '\n'),
            });
            break;
          }
          case specNodes.tableRow:
            blocks.push({ kind: 'tableRow', ...(change ? { change } : {}), runs: this.joinedRuns(element, before, after, ' | ') });
            break;
          case specNodes.bulletList:
          case specNodes.orderedList:
          case specNodes.listItem:
            visit(element, listDepth + 1);
            break;
          default:
            visit(element, listDepth);
        }
      }
    };
    visit(fragment, 0);
    return blocks;
  }

  /** The runs of text directly inside an element (its XmlText children). */
  private runs(element: Y.XmlElement, before: Snapshot, after: Snapshot): DiffRun[] {
    const runs: DiffRun[] = [];
    for (const { item } of childrenIn(element, before, after)) {
      const text = item.content instanceof Y.ContentType ? item.content.type : null;
      if (!(text instanceof Y.XmlText)) continue;
      const delta = text.toDelta(after, before, (type: 'added' | 'removed', id: Y.ID) => ({
        type,
        client: id.client,
        clock: id.clock,
      })) as {
        insert: unknown;
        attributes?: { ychange?: { type: 'added' | 'removed'; client: number; clock: number } };
      }[];
      for (const op of delta) {
        if (typeof op.insert !== 'string' || op.insert.length === 0) continue;
        const run: DiffRun = { text: op.insert };
        const ychange = op.attributes?.ychange;
        if (ychange) this.marks.push({ run, type: ychange.type, client: ychange.client, clock: ychange.clock });
        runs.push(run);
      }
    }
    return runs;
  }

  /** Runs of all the paragraphs inside an element (a requirement, a table row), joined. */
  private joinedRuns(element: Y.XmlElement, before: Snapshot, after: Snapshot, separator: string): DiffRun[] {
    const runs: DiffRun[] = [];
    const walk = (parent: Y.XmlElement) => {
      for (const { item } of childrenIn(parent, before, after)) {
        const child = item.content instanceof Y.ContentType ? item.content.type : null;
        if (!isXmlElement(child)) continue;
        if (child.nodeName === specNodes.paragraph || child.nodeName === specNodes.heading) {
          if (runs.length > 0) runs.push({ text: separator });
          runs.push(...this.runs(child, before, after));
        } else walk(child);
      }
    };
    walk(element);
    return runs;
  }

  // ---- requirements: added, removed, changed -----------------------------------------

  private requirements(fragment: Y.XmlFragment, before: Snapshot, after: Snapshot): RequirementChange[] {
    const at = (snapshot: Snapshot) => {
      const found = new Map<string, RequirementState & { element: Y.XmlElement }>();
      const walk = (parent: AnyType) => {
        for (const child of Y.typeListToArraySnapshot(parent, snapshot) as unknown[]) {
          if (!isXmlElement(child)) continue;
          if (child.nodeName !== specNodes.requirement) {
            walk(child);
            continue;
          }
          const number = attributeAt(child, 'number', snapshot);
          const priority = textAttributeAt(child, 'priority', snapshot, 'must');
          found.set(formatRequirementId(typeof number === 'number' ? number : null), {
            priority: (priorities as readonly string[]).includes(priority) ? priority : 'must',
            appliesTo: stringsIn(attributeAt(child, 'appliesTo', snapshot)),
            text: richTextAt(child, snapshot),
            element: child,
          });
        }
      };
      walk(fragment);
      return found;
    };
    const was = at(before);
    const now = at(after);
    const changes: RequirementChange[] = [];
    const state = (found: (RequirementState & { element: Y.XmlElement }) | undefined): RequirementState | null =>
      found ? { priority: found.priority, appliesTo: found.appliesTo, text: found.text } : null;
    for (const id of new Set([...was.keys(), ...now.keys()])) {
      const b = state(was.get(id));
      const a = state(now.get(id));
      if (!b) changes.push({ id, kind: 'added', before: null, after: a, changed: [], changedBy: {} });
      else if (!a) changes.push({ id, kind: 'removed', before: b, after: null, changed: [], changedBy: {} });
      else {
        const changed: RequirementChange['changed'] = [];
        if (a.priority !== b.priority) changed.push('priority');
        if (a.appliesTo.join(',') !== b.appliesTo.join(',')) changed.push('appliesTo');
        if (a.text !== b.text) changed.push('text');
        if (changed.length === 0) continue;
        const change: RequirementChange = { id, kind: 'changed', before: b, after: a, changed, changedBy: {} };
        changes.push(change);
        // Who changed an attribute is found (in `attribute`) from the write that gave it
        // its value in the later version, on the element that holds it then.
        for (const attribute of ['priority', 'appliesTo'] as const) {
          if (!changed.includes(attribute)) continue;
          const write = attributeWrite(now.get(id)!.element, attribute, before, after);
          if (write) this.attributes.push({ change, attribute, write });
        }
      }
    }
    return changes.sort((x, y) => x.id.localeCompare(y.id));
  }

  // ---- engagement notes and decisions: entry by entry, field by field ------------------

  private entries(
    list: Y.Array<Y.Map<unknown>>,
    before: Snapshot,
    after: Snapshot,
    fields: (entry: Y.Map<unknown>, snapshot: Snapshot) => { label: string; fields: Record<string, string> },
  ): EntryChange[] {
    const changes: EntryChange[] = [];
    for (const { item, inBefore, inAfter } of childrenIn(list, before, after)) {
      const entry = item.content instanceof Y.ContentType ? item.content.type : null;
      if (!(entry instanceof Y.Map)) continue;
      const id = String(entry.get('id') ?? '');
      const was = inBefore ? fields(entry, before) : null;
      const now = inAfter ? fields(entry, after) : null;
      const label = (now ?? was)!.label;
      const fieldChanges: FieldChange[] = [];
      for (const name of new Set([...Object.keys(was?.fields ?? {}), ...Object.keys(now?.fields ?? {})])) {
        const b = was?.fields[name] ?? '';
        const a = now?.fields[name] ?? '';
        if (a !== b) fieldChanges.push({ label: name, before: b, after: a });
      }
      if (!inBefore) changes.push({ id, label, kind: 'added', fields: fieldChanges });
      else if (!inAfter) changes.push({ id, label, kind: 'removed', fields: fieldChanges });
      else if (fieldChanges.length > 0) changes.push({ id, label, kind: 'changed', fields: fieldChanges });
    }
    return changes;
  }

  // ---- attribution ------------------------------------------------------------------

  /**
   * Traces each inserted or deleted run of `comparison` to the update that made it (from
   * the history tables), and so to its author and time (from the document log).
   */
  async attribute(store: Pick<DocumentStore, 'entries'>, comparison: Comparison): Promise<void> {
    // Deletions between the two versions are few (typing mostly inserts): all of them
    // are read at once, by client and clock, for binary search. The server applies
    // updates one at a time, so each item is deleted by exactly one update and a
    // client's ranges never overlap.
    const { db } = this;
    const rows = await db.all(
      db.kysely
        .selectFrom('history_deletions')
        .select(['client', 'clock_start', 'clock_end', 'seq'])
        .where('document', '=', this.document)
        .where('seq', '>', this.fromSeq)
        .where('seq', '<=', this.toSeq),
    );
    const deleted = new Map<number, Range[]>();
    for (const row of rows) {
      let list = deleted.get(row.client);
      if (!list) deleted.set(row.client, (list = []));
      list.push(row);
    }
    for (const list of deleted.values()) list.sort((a, b) => a.clock_start - b.clock_start);
    // Insertions can number a hundred thousand between distant versions, far more than
    // the marks shown: each inserted mark is looked up by its item id instead, with the
    // update that made it, all in one statement (a call per mark costs more than the
    // lookup itself; CROSS JOIN keeps SQLite walking the marks, not the table). An item
    // is inserted once, so the range starting nearest before its clock is the one.
    const added = this.marks.filter((mark) => mark.type === 'added');
    const written = this.attributes.filter((a) => a.write.kind === 'written');
    // Attribute writes are items too, looked up with the marks in the same statement.
    const points: [client: number, clock: number][] = [
      ...added.map((mark): [number, number] => [mark.client, mark.clock]),
      ...written.map((a): [number, number] => [a.write.client, a.write.clock]),
    ];
    const found = await db.all(insertionsAt(db, this.document, points));
    const traced: { mark: PendingMark; seq: number }[] = [];
    const tracedAttributes: { pending: PendingAttribute; seq: number }[] = [];
    for (const { key: index, clock_end: clockEnd, seq } of found) {
      const [, clock] = points[index]!;
      if (clock >= clockEnd || seq <= this.fromSeq || seq > this.toSeq) continue;
      if (index < added.length) traced.push({ mark: added[index]!, seq });
      else tracedAttributes.push({ pending: written[index - added.length]!, seq });
    }
    for (const mark of this.marks) {
      if (mark.type !== 'removed') continue;
      const range = containing(deleted.get(mark.client) ?? [], mark.clock);
      if (range) traced.push({ mark, seq: range.seq });
    }
    for (const pending of this.attributes) {
      if (pending.write.kind !== 'deleted') continue;
      const range = containing(deleted.get(pending.write.client) ?? [], pending.write.clock);
      if (range) tracedAttributes.push({ pending, seq: range.seq });
    }
    // Who made each update, and when: one read of the log for all of them.
    const entries = await store.entries(this.document, [
      ...traced.map((t) => t.seq),
      ...tracedAttributes.map((t) => t.seq),
      this.fromSeq,
      this.toSeq,
    ]);
    for (const { mark, seq } of traced) {
      const entry = entries.get(seq);
      mark.run.change = { type: mark.type, authorId: entry?.authorId ?? null, seq, at: new Date(entry?.receivedAt ?? 0).toISOString() };
    }
    const people = await peopleById(
      this.db,
      this.document,
      tracedAttributes.map((t) => entries.get(t.seq)?.authorId ?? null),
    );
    for (const { pending, seq } of tracedAttributes) {
      const entry = entries.get(seq);
      const person = people.get(entry?.authorId ?? null) ?? people.get(null)!;
      const author: AttributeAuthor = { person, seq, at: new Date(entry?.receivedAt ?? 0).toISOString() };
      pending.change.changedBy[pending.attribute] = author;
    }
    // Anything not traced (it cannot happen with complete history) is still shown as changed.
    for (const mark of this.marks) mark.run.change ??= { type: mark.type, authorId: null, seq: 0, at: new Date(0).toISOString() };
    const timeOf = (seq: number) => {
      const at = entries.get(seq)?.receivedAt;
      return at === undefined ? null : new Date(at).toISOString();
    };
    comparison.from.at = timeOf(this.fromSeq);
    comparison.to.at = timeOf(this.toSeq);
  }
}

/**
 * For each point (a Yjs client and clock), the insertion range starting nearest before
 * it, with the update that made it; `key` is the point's index. Spelt for each dialect:
 * the points travel as one JSON parameter, unpacked by the database.
 */
function insertionsAt(
  db: Queries,
  document: string,
  points: readonly [client: number, clock: number][],
): Compilable<{ key: number; clock_end: number; seq: number }> {
  const json = JSON.stringify(points);
  const query: RawBuilder<{ key: number; clock_end: number; seq: number }> =
    db.dialect === 'postgres'
      ? sql`SELECT m.key - 1 AS key, i.clock_end, i.seq
         FROM jsonb_array_elements(${json}::jsonb) WITH ORDINALITY AS m(value, key)
         CROSS JOIN LATERAL (
           SELECT clock_end, seq FROM history_insertions
           WHERE document = ${document} AND client = (m.value ->> 0)::bigint AND clock_start <= (m.value ->> 1)::bigint
           ORDER BY clock_start DESC LIMIT 1) AS i`
      : sql`SELECT m.key, i.clock_end, i.seq
         FROM json_each(${json}) AS m
         CROSS JOIN history_insertions AS i ON i.document = ${document} AND i.client = m.value ->> 0 AND i.clock_start = (
           SELECT max(clock_start) FROM history_insertions
           WHERE document = ${document} AND client = m.value ->> 0 AND clock_start <= m.value ->> 1)`;
  return { compile: () => query.compile(db.kysely) };
}

interface Range {
  clock_start: number;
  clock_end: number;
  seq: number;
}

/** The range (sorted by start, not overlapping) that contains `clock`, if any. */
function containing(ranges: Range[], clock: number): Range | undefined {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const range = ranges[mid]!;
    if (clock < range.clock_start) high = mid - 1;
    else if (clock >= range.clock_end) low = mid + 1;
    else return range;
  }
  return undefined;
}
