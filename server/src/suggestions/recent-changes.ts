/**
 * The changes the server applied lately, so that a writer's change can be read as its
 * writer saw the text (decided.ts). Yjs sends every deletion a writer makes, including
 * deletions someone else made first: a recent change whose deletions the writer's update
 * deletes again had not reached the writer. In the writer's reading, what that change
 * inserted is not there yet and what it deleted still is.
 *
 * One ring for all rooms, so memory stays bounded however many rooms come and go;
 * decisions made at the same moment are a network's round trip apart, well within it.
 */
import * as Y from 'yjs';
import type { UpdateDeletions } from '../collab/authorship.js';

type DeleteSet = Y.Transaction['deleteSet'];

interface AppliedChange {
  room: string;
  deleteSet: DeleteSet;
  /** The clocks each client's new content took: [from, to). */
  inserted: Map<number, readonly [number, number]>;
}

/** What a writer had seen when they made a change, as far as the server can tell. */
export interface WriterView {
  /** Every deletion the writer's update carried. */
  deletions: UpdateDeletions;
  /** Inserted by a change that had not reached the writer. */
  unseenInsertion(item: Y.Item): boolean;
  /** Deleted by a change that had not reached the writer. */
  unseenDeletion(id: Y.ID): boolean;
}

export class RecentChanges {
  private readonly ring: AppliedChange[] = [];

  constructor(private readonly capacity = 512) {}

  /**
   * What `transaction`'s writer had seen, from the changes applied before it; null when
   * its update (a live one: `deletions`) deleted nothing already deleted here.
   */
  writerView(room: string, transaction: Y.Transaction, deletions: UpdateDeletions | null): WriterView | null {
    if (!deletions || deletedCount(deletions) <= deletedCount(transaction.deleteSet)) return null;
    const unseen = this.ring.filter((change) => change.room === room && overlap(change.deleteSet, deletions));
    return {
      deletions,
      unseenInsertion: (item) =>
        unseen.some((change) => {
          const range = change.inserted.get(item.id.client);
          return !!range && item.id.clock >= range[0] && item.id.clock < range[1];
        }),
      unseenDeletion: (id) => unseen.some((change) => Y.isDeleted(change.deleteSet, id)),
    };
  }

  /** Keeps `transaction` (call once it has been read). */
  add(room: string, transaction: Y.Transaction): void {
    const inserted = new Map<number, readonly [number, number]>();
    for (const [client, clock] of transaction.afterState) {
      const from = transaction.beforeState.get(client) ?? 0;
      if (clock > from) inserted.set(client, [from, clock]);
    }
    this.ring.push({ room, deleteSet: transaction.deleteSet, inserted });
    if (this.ring.length > this.capacity) this.ring.shift();
  }
}

function deletedCount(deletions: DeleteSet): number {
  let count = 0;
  for (const ranges of deletions.clients.values()) for (const range of ranges) count += range.len;
  return count;
}

/** Whether the two sets delete any item in common. */
function overlap(a: DeleteSet, b: DeleteSet): boolean {
  for (const [client, ranges] of a.clients) {
    const others = b.clients.get(client);
    if (!others) continue;
    for (const range of ranges) {
      for (const other of others) {
        if (range.clock < other.clock + other.len && other.clock < range.clock + range.len) return true;
      }
    }
  }
  return false;
}
