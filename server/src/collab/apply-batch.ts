/**
 * Applying one turn's waiting updates to a room's document, and checking each one,
 * before anything is committed or sent on (see room.ts for the whole flush).
 *
 * What each writer sent in the turn is applied in order, in runs of at most
 * `mergeChunk` merged into one update: a burst then costs one transaction, one log row
 * and one message per run instead of per keystroke. (Different writers' updates in one
 * turn are concurrent, so grouping them by writer changes nothing.) Each run is checked
 * for whose data it carries before it touches the document (authorship.ts); what Yjs
 * cannot apply, or what leaves too much out-of-order data, is refused after it may have
 * touched it, and the room then reloads and applies the batch again.
 */
import * as Y from 'yjs';
import { CloseCode } from '../../../shared/close-codes.js';
import { errorMessage, type Logger } from '../log.js';
import { checkAuthorship, type AuthorshipVerdict, type UpdateDeletions } from './authorship.js';
import type { Connection, Writer } from './connection.js';
import type { CollabLimits } from './limits.js';
import { encodePermissionDenied } from './protocol.js';
import type { ClientClaim, DocumentAppend, LoggedUpdate } from './store.js';

/** Something waiting for the next flush. */
export type InboxItem =
  | {
      kind: 'update';
      writer: Writer;
      update: Uint8Array;
      frame: Uint8Array | null;
      /** It came as a sync step 2 rather than as an update message. */
      syncStep?: boolean;
      done?: (error?: Error) => void;
    }
  | { kind: 'sync-step-1'; connection: Connection; stateVector: Uint8Array }
  | { kind: 'join'; connection: Connection };

export type ReplyItem = Exclude<InboxItem, { kind: 'update' }>;
type UpdateItem = Extract<InboxItem, { kind: 'update' }>;

export interface AcceptedUpdate {
  writer: Writer;
  update: Uint8Array;
  /** The frame as received, forwarded as it is when it was a plain update message. */
  frame: Uint8Array | null;
  seq: number;
  done?: (error?: Error) => void;
}

/** A batch applied to the document and waiting for its commit. */
export interface AppliedBatch {
  append: DocumentAppend;
  accepted: AcceptedUpdate[];
  replies: ReplyItem[];
  /** Messages per connection that this batch settles, acknowledged once it is committed. */
  settled: Map<Connection, { updates: number; syncSteps: number }>;
}

/** What applying a batch needs of its room. */
export interface BatchTarget {
  readonly name: string;
  readonly doc: Y.Doc;
  readonly limits: CollabLimits;
  readonly log: Logger;
  /** The last committed log position, and about the document's size now. */
  readonly lastSeq: number;
  readonly documentBytes: number;
  /** The user whose content is under a client id (committed claims only). */
  contentOwnerOf(clientId: number): string | null | undefined;
  /** The user who showed presence under a client id. */
  presenceOwnerOf(clientId: number): string | null | undefined;
  /**
   * A writer's transaction was applied, known by log position `seq` until its commit (see
   * room.ts, AppliedListener), with every deletion the writer's update carried (null for
   * a sync step, which carries every deletion the writer's copy holds).
   */
  applied(transaction: Y.Transaction, seq: number, writerDeletions: UpdateDeletions | null): void;
  /** When the batch's updates count as received (ms). */
  now(): number;
  /** Whether a suggest-only writer's transaction stayed within what they may change (see engine.ts). */
  readonly suggestOnlyCheck: SuggestOnlyCheck | null;
}

/** True when `transaction`, by `userId` who may only suggest, changed nothing beyond their own suggestions. */
export type SuggestOnlyCheck = (transaction: Y.Transaction, userId: string) => boolean;

const mergeChunk = 64;

type Verdict = 'changed' | 'unchanged' | 'refused' | 'tainted';

/** Applies `items` to the target's document; null when a refused update tainted it. */
export function applyBatch(target: BatchTarget, items: InboxItem[]): AppliedBatch | null {
  const accepted: AcceptedUpdate[] = [];
  const replies: ReplyItem[] = [];
  const settled = new Map<Connection, { updates: number; syncSteps: number }>();
  const claims = new Map<number, ClientClaim>();
  let seq = target.lastSeq;
  let batchBytes = 0;
  const receivedAt = target.now();
  for (const { writer, items: run } of runsOf(target, items, replies)) {
    const done = (error?: Error) => {
      for (const item of run) item.done?.(error);
    };
    if (writer.refused) {
      done(new Error('refused'));
      continue;
    }
    let update: Uint8Array;
    try {
      update = run.length === 1 ? run[0]!.update : Y.mergeUpdates(run.map((item) => item.update));
    } catch (error) {
      writer.refuse(CloseCode.invalidUpdate, `updates do not merge: ${errorMessage(error)}`);
      done(new Error('refused'));
      continue;
    }
    if (target.documentBytes + batchBytes + update.byteLength > target.limits.maxDocumentBytes) {
      writer.refuse(CloseCode.documentTooLarge, `the document would pass ${target.limits.maxDocumentBytes} bytes`);
      done(new Error('refused'));
      continue;
    }
    const syncStep = run.some((item) => item.syncStep);
    const verdict = applyOne(target, writer, update, claims, seq + 1, syncStep);
    if (verdict === 'tainted') return null;
    if (verdict === 'refused') {
      done(new Error('refused'));
      continue;
    }
    if (writer.kind === 'connection') {
      const counts = settled.get(writer) ?? { updates: 0, syncSteps: 0 };
      for (const item of run) {
        if (item.syncStep) counts.syncSteps++;
        else counts.updates++;
      }
      settled.set(writer, counts);
    }
    if (verdict === 'unchanged') {
      done();
      continue;
    }
    accepted.push({ writer, update, frame: run.length === 1 ? run[0]!.frame : null, seq: ++seq, done });
    batchBytes += update.byteLength;
  }
  const updates: LoggedUpdate[] = accepted.map((a) => ({ seq: a.seq, update: a.update, authorId: a.writer.userId, receivedAt }));
  return { append: { document: target.name, updates, claims: [...claims.values()] }, accepted, replies, settled };
}

/** Each writer's updates, in order and in runs; replies set aside; read-only writes refused. */
function runsOf(target: BatchTarget, items: InboxItem[], replies: ReplyItem[]): { writer: Writer; items: UpdateItem[] }[] {
  const runs: { writer: Writer; items: UpdateItem[] }[] = [];
  const openRun = new Map<Writer, { writer: Writer; items: UpdateItem[] }>();
  for (const item of items) {
    if (item.kind !== 'update') {
      replies.push(item);
      continue;
    }
    const { writer } = item;
    if (writer.refused) {
      item.done?.(new Error('refused'));
      continue;
    }
    if (writer.kind === 'connection' && (writer.mode === 'read-only' || (writer.mode === 'suggest-only' && !target.suggestOnlyCheck))) {
      refuseReadOnlyWrite(target, writer, item.update);
      continue;
    }
    let run = openRun.get(writer);
    if (!run || run.items.length >= mergeChunk) {
      run = { writer, items: [] };
      runs.push(run);
      openRun.set(writer, run);
    }
    run.items.push(item);
  }
  return runs;
}

/**
 * Checks whose data one update carries, then applies it in its own transaction.
 * 'refused': refused before it touched the document. 'tainted': refused after it may
 * have changed the document.
 */
function applyOne(
  target: BatchTarget,
  writer: Writer,
  update: Uint8Array,
  claims: Map<number, ClientClaim>,
  seq: number,
  syncStep: boolean,
): Verdict {
  // An empty update (a newcomer's sync step 2 with nothing to add) changes nothing.
  if (update.length === 2 && update[0] === 0 && update[1] === 0) return 'unchanged';
  const { doc, limits } = target;
  let authorship: AuthorshipVerdict;
  try {
    authorship = checkAuthorship(doc, update, writer.userId, {
      ownerOf: (clientId) => {
        const owner = target.contentOwnerOf(clientId);
        return owner !== undefined ? owner : claims.get(clientId)?.userId;
      },
      presenceOf: (clientId) => target.presenceOwnerOf(clientId),
    });
  } catch (error) {
    writer.refuse(CloseCode.invalidUpdate, `update does not decode: ${errorMessage(error)}`);
    return 'refused';
  }
  if (!authorship.ok) {
    writer.refuse(CloseCode.forgedAuthor, authorship.detail);
    return 'refused';
  }
  const store = doc.store;
  const pendingBefore = store.pendingStructs?.update;
  const pendingDsBefore = store.pendingDs;
  let transaction: Y.Transaction | null = null;
  try {
    Y.transact(
      doc,
      (tr) => {
        transaction = tr;
        Y.applyUpdate(doc, update);
      },
      writer,
    );
  } catch (error) {
    writer.refuse(CloseCode.invalidUpdate, `update does not apply: ${errorMessage(error)}`);
    return 'tainted';
  }
  for (const clientId of authorship.claims) {
    if (!claims.has(clientId)) claims.set(clientId, { clientId, userId: writer.userId, firstSeq: seq });
  }
  const tr = transaction as Y.Transaction | null;
  if (!tr) return 'unchanged';
  let wroteContent = false;
  for (const [clientId, clock] of tr.afterState) {
    if (clock > (tr.beforeState.get(clientId) ?? 0)) wroteContent = true;
  }
  const pendingBytes = (store.pendingStructs?.update.byteLength ?? 0) + (store.pendingDs?.byteLength ?? 0);
  if (pendingBytes > limits.maxPendingBytes) {
    writer.refuse(CloseCode.tooMuchPending, `${pendingBytes} bytes of out-of-order data`);
    return 'tainted';
  }
  // Someone who may only suggest: what they changed must be their own suggestions alone.
  const suggestOnly = writer.kind === 'connection' && writer.mode === 'suggest-only' ? target.suggestOnlyCheck : null;
  if (suggestOnly && !suggestOnly(tr, writer.userId ?? '')) {
    writer.refuse(CloseCode.onlySuggestions, 'a change beyond their own suggestions');
    return 'tainted';
  }
  const pendingChanged = store.pendingStructs?.update !== pendingBefore || store.pendingDs !== pendingDsBefore;
  if (!wroteContent && tr.deleteSet.clients.size === 0 && !pendingChanged && authorship.claims.length === 0) return 'unchanged';
  target.applied(tr, seq, syncStep ? null : authorship.deletions);
  return 'changed';
}

/**
 * Read-only connections never change the document. Their sync step 2 is usually empty
 * (nothing the server lacks); when it or an update carries something new, the client is
 * told once that its writes are refused.
 */
function refuseReadOnlyWrite(target: BatchTarget, connection: Connection, update: Uint8Array): void {
  if (connection.toldReadOnly || connection.readOnlyChecks >= 10) return;
  connection.readOnlyChecks++;
  let novel: boolean;
  try {
    novel = !Y.snapshotContainsUpdate(Y.snapshot(target.doc), update);
  } catch {
    novel = true;
  }
  if (!novel) return;
  connection.toldReadOnly = true;
  connection.send(encodePermissionDenied('read-only: your changes are not saved'));
  target.log.info('read-only-write-refused', { room: target.name, user: connection.userId, connection: connection.id });
}
