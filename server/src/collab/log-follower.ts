/**
 * How a room follows a log that other servers write too: it hears of their commits (from
 * the bus or the periodic check) and reads what it lacks from the store, in pages. Only
 * what the store returns is ever applied or sent on, so it is all committed.
 */
import type { ClientClaim, DocumentStore, LoggedUpdate } from './store.js';

/** The origin of updates that other servers committed, applied while catching up. */
export const caughtUpFromLog = Symbol('caught up from the log');

/** Log entries read per query while catching up. */
const pageSize = 500;

/** What other servers committed after some position. */
export interface LogGap {
  updates: LoggedUpdate[];
  /** The client ids first claimed in those updates. */
  claims: ClientClaim[];
}

export class LogFollower {
  /** The newest log position known to be committed somewhere. */
  private heardSeq = 0;

  constructor(
    private readonly store: DocumentStore,
    private readonly document: string,
  ) {}

  /** Notes that the log reached `seq`; true when that is news to a room at `lastSeq`. */
  heard(seq: number, lastSeq: number): boolean {
    if (seq <= lastSeq || seq <= this.heardSeq) return false;
    this.heardSeq = seq;
    return true;
  }

  /** Whether a room at `lastSeq` lacks something it heard of. */
  behind(lastSeq: number): boolean {
    return this.heardSeq > lastSeq;
  }

  /** The log after `from`, up to `to`, in order, and the client ids claimed in it. */
  async readAfter(from: number, to = Infinity): Promise<LogGap> {
    const updates: LoggedUpdate[] = [];
    for (let after = from; after < to;) {
      const page = await this.store.readLog(this.document, after, pageSize);
      for (const entry of page) if (entry.seq <= to) updates.push(entry);
      if (page.length < pageSize) break;
      after = page.at(-1)!.seq;
    }
    // Read after the updates: a claim is committed with its update, so none is missed.
    const claims = updates.length > 0 ? await this.store.claimsAfter(this.document, from) : [];
    const last = updates.at(-1)?.seq ?? from;
    return { updates, claims: claims.filter((claim) => claim.firstSeq <= last) };
  }
}
