/**
 * Whose data an incoming update carries, decided before it touches the document.
 *
 * Every Yjs item is named by a client id, and a client id belongs to the one person who
 * first wrote under it (or, earlier still, showed presence under it). History, the
 * comparison and the signed content hash all trust that naming, so an update is read
 * struct by struct *before* it is applied:
 *
 * - every struct it carries must be under a client id of the writer's (theirs already,
 *   or unclaimed: it then becomes theirs);
 * - every piece of data it waits on that the document does not have yet (an origin, a
 *   right origin, a parent, a deletion of something not yet here) must be the writer's
 *   own too;
 * - every suggested change it begins must name the writer (suggestion-ids.ts).
 *
 * Checking only what a transaction integrated is not enough. Yjs keeps out-of-order
 * structs as *pending* and integrates them inside whichever later transaction fills the
 * gap: text forged under a colleague's client id, one clock ahead of theirs, was
 * accepted as pending, then shown and credited to the colleague as soon as they typed;
 * and text anchored on a colleague's future item made *their* next edit look forged,
 * locking them out. With both rules, pending data only ever waits on its own writer's
 * data, so it integrates in its writer's transactions.
 *
 * The one legitimate wait is a person's two tabs: they share edits through the
 * browser's BroadcastChannel, so one tab may send data that builds on the other tab's
 * before the server has that. Both tabs are the same person, so that wait is allowed
 * (and bounded by the room's limit on pending data).
 */
import * as Y from 'yjs';
import { foreignSuggestion } from './suggestion-ids.js';

/** Who a client id belongs to, as far as the room knows. */
export interface ClientOwnership {
  /** The user whose content is under this client id; undefined while nobody's is. */
  ownerOf(clientId: number): string | null | undefined;
  /** The user whose live connection shows presence under this client id, if any. */
  presenceOf(clientId: number): string | null | undefined;
}

export type AuthorshipVerdict =
  | {
      ok: true;
      /** Unclaimed client ids this update writes under: they become the writer's. */
      claims: number[];
      /** Every deletion the update carries, including those the document already holds. */
      deletions: UpdateDeletions;
    }
  | { ok: false; detail: string };

export type UpdateDeletions = ReturnType<typeof Y.decodeUpdate>['ds'];

/**
 * Checks that `update` carries only `userId`'s data and waits only on `userId`'s data,
 * against `doc` as it is now. Throws when the update does not decode.
 */
export function checkAuthorship(doc: Y.Doc, update: Uint8Array, userId: string | null, ownership: ClientOwnership): AuthorshipVerdict {
  const { structs, ds } = Y.decodeUpdate(update);
  const isWriters = (clientId: number): boolean => {
    const owner = ownership.ownerOf(clientId);
    if (owner !== undefined) return owner === userId;
    const present = ownership.presenceOf(clientId);
    return present === undefined || present === userId;
  };
  const held = new HeldData(doc);

  // What the document will hold of each client once this update's contiguous runs are in.
  const available = new Map<number, number>();
  const availableOf = (clientId: number) => available.get(clientId) ?? held.integrated(clientId);
  const claims = new Set<number>();
  for (const struct of structs) {
    if (struct instanceof Y.Skip) continue;
    const { client, clock } = struct.id;
    const end = clock + struct.length;
    // A client that syncs late re-sends what others wrote and the server already holds.
    if (!held.hasStructs(client, clock, end)) {
      if (!isWriters(client)) return { ok: false, detail: `content under client id ${client}, which belongs to someone else` };
      if (ownership.ownerOf(client) === undefined) claims.add(client);
      const forged = userId !== null && struct instanceof Y.Item ? foreignSuggestion(struct, userId, doc) : null;
      if (forged) return { ok: false, detail: forged };
    }
    const have = availableOf(client);
    if (clock <= have) available.set(client, Math.max(have, end));
  }

  const waitsOnOthers = (id: Y.ID | null): boolean => id !== null && id.clock >= availableOf(id.client) && !isWriters(id.client);
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    const parent = struct.parent instanceof Y.ID ? struct.parent : null;
    if (waitsOnOthers(struct.origin) || waitsOnOthers(struct.rightOrigin) || waitsOnOthers(parent)) {
      return {
        ok: false,
        detail: `content at ${struct.id.client}:${struct.id.clock} waits on someone else's data the server does not have`,
      };
    }
  }
  for (const [client, ranges] of ds.clients) {
    if (isWriters(client)) continue;
    const have = availableOf(client);
    for (const range of ranges) {
      if (range.clock + range.len > have && !held.hasPendingDeletion(client, range.clock, range.len)) {
        return { ok: false, detail: `a deletion of someone else's data (client id ${client}) that the server does not have` };
      }
    }
  }
  return { ok: true, claims: [...claims], deletions: ds };
}

/** What the server's document already holds: integrated, or waiting as pending data. */
class HeldData {
  private pendingStructs: Map<number, { from: number; to: number }> | null = null;
  private pendingDeletions: ReturnType<typeof Y.decodeUpdate>['ds'] | null = null;

  constructor(private readonly doc: Y.Doc) {}

  integrated(clientId: number): number {
    return Y.getState(this.doc.store, clientId);
  }

  /** Structs [clock, end) of a client are integrated or pending here already. */
  hasStructs(clientId: number, clock: number, end: number): boolean {
    if (end <= this.integrated(clientId)) return true;
    const pending = this.doc.store.pendingStructs;
    if (!pending) return false;
    if (!this.pendingStructs) {
      const meta = Y.parseUpdateMeta(pending.update);
      this.pendingStructs = new Map([...meta.from].map(([client, from]) => [client, { from, to: meta.to.get(client) ?? from }]));
    }
    const range = this.pendingStructs.get(clientId);
    return !!range && range.from <= clock && end <= range.to;
  }

  /** The deletion is already waiting here (a late client re-sends what others sent). */
  hasPendingDeletion(clientId: number, clock: number, len: number): boolean {
    const pendingDs = this.doc.store.pendingDs;
    if (!pendingDs) return false;
    this.pendingDeletions ??= Y.decodeUpdate(pendingDs).ds;
    return (this.pendingDeletions.clients.get(clientId) ?? []).some((r) => r.clock <= clock && clock + len <= r.clock + r.len);
  }
}
