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
import type { Queries } from '../db/queries.js';
import { reconcile } from '../decisions/decisions.js';
import { proposalsIn } from '../decisions/proposal.js';
import { setLogHead } from '../collab/log-heads.js';
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

  private constructor(
    private readonly db: Queries,
    readonly document: string,
  ) {}

  /** Picks up the log of `document` as it is (its first state, written at creation), in the demo's transaction. */
  static async open(db: Queries, document: string): Promise<DocumentLog> {
    const log = new DocumentLog(db, document);
    const rows = await db.all(
      db.kysely.selectFrom('document_updates').select(['seq', 'update_bytes']).where('document', '=', document).orderBy('seq'),
    );
    for (const row of rows) {
      Y.applyUpdate(log.doc, row.update_bytes);
      log.seq = row.seq;
    }
    const clients = await db.all(db.kysely.selectFrom('document_clients').select('client_id').where('document', '=', document));
    for (const { client_id } of clients) log.claimed.add(client_id);
    return log;
  }

  /** The last position in the log. */
  get latestSeq(): number {
    return this.seq;
  }

  /**
   * `person` makes one edit at `at`, in their browser (brought up to date first), and
   * the server reacts to it; returns the edit's position in the log.
   */
  async edit(person: User, at: number, change: (doc: Y.Doc) => void): Promise<number> {
    let browser = this.browsers.get(person.id);
    if (!browser) this.browsers.set(person.id, (browser = new Y.Doc()));
    Y.applyUpdate(browser, Y.encodeStateAsUpdate(this.doc, Y.encodeStateVector(browser)));
    const update = changeIn(browser, change);
    if (!update) throw new Error(`The demo's edit by ${person.name} changed nothing.`);
    const seq = await this.append(update, person.id, at);
    await this.numberRequirements(at + reactionMs);
    await this.reconcileDecisions(at + reactionMs);
    return seq;
  }

  /** A change the server makes at `at` (by nobody), given as its update; returns its position. */
  async byServer(update: Uint8Array | null, at: number): Promise<number> {
    if (!update) throw new Error('The demo’s server change changed nothing.');
    return this.append(update, null, at);
  }

  private async append(update: Uint8Array, authorId: string | null, at: number): Promise<number> {
    const { db, document } = this;
    Y.applyUpdate(this.doc, update);
    const seq = ++this.seq;
    await db.run(
      db.kysely.insertInto('document_updates').values({ document, seq, update_bytes: update, received_at: at, author_id: authorId }),
    );
    for (const clientId of Y.parseUpdateMeta(update).to.keys()) {
      if (this.claimed.has(clientId)) continue;
      this.claimed.add(clientId);
      await db.run(db.kysely.insertInto('document_clients').values({ document, client_id: clientId, user_id: authorId, first_seq: seq }));
    }
    await setLogHead(db, document, seq);
    return seq;
  }

  /** Numbers requirements that have none, and records every number, as the server does after an edit. */
  private async numberRequirements(at: number): Promise<void> {
    const { db } = this;
    const known = (
      await db.all(
        db.kysely
          .selectFrom('requirement_numbers')
          .select(['number', 'element_client', 'element_clock'])
          .where('procurement_id', '=', this.document),
      )
    ).map((r) => ({ number: r.number, client: r.element_client, clock: r.element_clock }));
    const plan = planRequirementNumbers(specificationOf(this.doc), known);
    if (plan.assign.length === 0) return;
    for (const r of plan.records) {
      await db.run(
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
    await this.byServer(
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
  private async reconcileDecisions(at: number): Promise<void> {
    for (const [decisionId, proposal] of proposalsIn(this.doc)) await reconcile(dbAt(this.db, at), this.document, decisionId, proposal);
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
