/**
 * The demo document's log, written as the live server would have written it: each
 * person's edit made in a browser's copy of the document of their own (its own Yjs
 * client id, claimed by them), one update per edit; the server's changes (requirement
 * numbers, comment anchors) under client ids of its own, by nobody; every update with
 * its author and the time it arrived. History is derived from this log (the recorder
 * catches up from it), so the timeline, comparisons and restores all follow.
 *
 * After each edit the server's reactions follow, as they would live: a new requirement
 * is numbered (workspace/requirement-numbering.ts) and each decision's status is brought
 * in line with its proposal (decisions/agreement-watch.ts).
 */
import * as Y from 'yjs';
import { requirementElements, specificationOf } from '../../../shared/doc-layout.js';
import { itemKey, planRequirementNumbers } from '../../../shared/requirement-numbering.js';
import type { User } from '../auth/users.js';
import type { Db } from '../db/database.js';
import { reconcile } from '../decisions/decisions.js';
import { proposalsIn } from '../decisions/proposal.js';
import { dbAt } from './when.js';

/** How long after an edit the server's own reaction to it arrives (ms). */
const reactionMs = 1500;

export class DocumentLog {
  /** The document as the server holds it. */
  readonly doc = new Y.Doc({ gc: false });
  /** Each person's browser, by user id. */
  private readonly browsers = new Map<string, Y.Doc>();
  private readonly claimed = new Set<number>();
  private seq = 0;

  /** Picks up the log of `document` as it is (its first state, written at creation). */
  constructor(
    private readonly db: Db,
    readonly document: string,
  ) {
    const rows = db.prepare('SELECT seq, update_bytes FROM document_updates WHERE document = ? ORDER BY seq').all(document) as {
      seq: number;
      update_bytes: Uint8Array;
    }[];
    for (const row of rows) {
      Y.applyUpdate(this.doc, row.update_bytes);
      this.seq = row.seq;
    }
    const clients = db.prepare('SELECT client_id FROM document_clients WHERE document = ?').all(document) as { client_id: number }[];
    for (const { client_id } of clients) this.claimed.add(client_id);
  }

  /** The last position in the log. */
  get latestSeq(): number {
    return this.seq;
  }

  /**
   * `person` makes one edit at `at`, in their browser (brought up to date first), and
   * the server reacts to it; returns the edit's position in the log.
   */
  edit(person: User, at: number, change: (doc: Y.Doc) => void): number {
    let browser = this.browsers.get(person.id);
    if (!browser) this.browsers.set(person.id, (browser = new Y.Doc()));
    Y.applyUpdate(browser, Y.encodeStateAsUpdate(this.doc, Y.encodeStateVector(browser)));
    const update = changeIn(browser, change);
    if (!update) throw new Error(`The demo's edit by ${person.name} changed nothing.`);
    const seq = this.append(update, person.id, at);
    this.numberRequirements(at + reactionMs);
    this.reconcileDecisions(at + reactionMs);
    return seq;
  }

  /** A change the server makes at `at` (by nobody), given as its update; returns its position. */
  byServer(update: Uint8Array | null, at: number): number {
    if (!update) throw new Error('The demo’s server change changed nothing.');
    return this.append(update, null, at);
  }

  private append(update: Uint8Array, authorId: string | null, at: number): number {
    Y.applyUpdate(this.doc, update);
    const seq = ++this.seq;
    this.db
      .prepare('INSERT INTO document_updates (document, seq, update_bytes, received_at, author_id) VALUES (?, ?, ?, ?, ?)')
      .run(this.document, seq, update, at, authorId);
    for (const clientId of Y.parseUpdateMeta(update).to.keys()) {
      if (this.claimed.has(clientId)) continue;
      this.claimed.add(clientId);
      this.db
        .prepare('INSERT INTO document_clients (document, client_id, user_id, first_seq) VALUES (?, ?, ?, ?)')
        .run(this.document, clientId, authorId, seq);
    }
    return seq;
  }

  /** Numbers requirements that have none, and records every number, as the server does after an edit. */
  private numberRequirements(at: number): void {
    const { db } = this;
    const known = db
      .all(
        db.kysely
          .selectFrom('requirement_numbers')
          .select(['number', 'element_client', 'element_clock'])
          .where('procurement_id', '=', this.document),
      )
      .map((r) => ({ number: r.number, client: r.element_client, clock: r.element_clock }));
    const plan = planRequirementNumbers(specificationOf(this.doc), known);
    if (plan.assign.length === 0) return;
    for (const r of plan.records) {
      db.run(
        db.kysely.insertInto('requirement_numbers').values({
          procurement_id: this.document,
          number: r.number,
          element_client: r.client,
          element_clock: r.clock,
          assigned_at: at,
        }),
      );
    }
    const numbers = new Map(plan.assign.map((a) => [itemKey(a.element), a.number]));
    this.byServer(
      changeIn(copyOf(this.doc), (copy) => {
        for (const element of requirementElements(specificationOf(copy))) {
          const number = numbers.get(itemKey(element));
          if (number !== undefined) element.setAttribute('number', number as unknown as string);
        }
      }),
      at,
    );
  }

  /** Brings each decision's recorded status in line with its proposal, as the server does after an edit. */
  private reconcileDecisions(at: number): void {
    for (const [decisionId, proposal] of proposalsIn(this.doc)) reconcile(dbAt(this.db, at), this.document, decisionId, proposal);
  }
}

/** A copy of the document under a client id of its own (the server's, for a change of its own). */
function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc({ gc: false });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/** Makes `change` in one transaction of `doc` and returns its update (null when it changed nothing). */
function changeIn(doc: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array | null {
  let update: Uint8Array | null = null;
  const keep = (u: Uint8Array) => (update = u);
  doc.on('update', keep);
  try {
    doc.transact(() => change(doc));
  } finally {
    doc.off('update', keep);
  }
  return update;
}
