/**
 * How a room follows a log that other servers write too: it hears of their commits (from
 * the bus or the periodic check) and reads what it lacks. A commit's message may carry
 * the committed updates themselves (bus.ts): those are taken from the message, in log
 * order, and only the positions no message brought are read from the store, in pages.
 * Either way only what was committed is ever applied or sent on.
 */
import type { CommitRelay } from './bus.js';
import type { ClientClaim, DocumentStore, LoggedUpdate } from './store.js';

/** The origin of updates that other servers committed, applied while catching up. */
export const caughtUpFromLog = Symbol('caught up from the log');

/** Log entries read per query while catching up. */
const pageSize = 500;

/** Bytes of relayed updates a room keeps while a gap before them is open; beyond, the store has them. */
const maxRelayedBytes = 4 * 1024 * 1024;

/** What other servers committed after some position. */
export interface LogGap {
  updates: LoggedUpdate[];
  /** The client ids first claimed in those updates. */
  claims: ClientClaim[];
  /** The updates up to this position came with messages; those after it, from the store. */
  fromMessagesUpTo: number;
}

export class LogFollower {
  /** The newest log position known to be committed somewhere. */
  private heardSeq = 0;
  /** Committed updates that came with messages, by position, not yet read by the room. */
  private readonly relayed = new Map<number, LoggedUpdate>();
  private relayedClaims: ClientClaim[] = [];
  private relayedBytes = 0;
  constructor(
    private readonly store: DocumentStore,
    private readonly document: string,
  ) {}

  /**
   * Notes that the log reached `seq`, with the committed updates when the message carried
   * them; true when that is news to a room at `lastSeq`.
   */
  heard(seq: number, lastSeq: number, commit?: CommitRelay): boolean {
    if (commit) this.keep(commit, lastSeq);
    if (seq <= lastSeq || seq <= this.heardSeq) return false;
    this.heardSeq = seq;
    return true;
  }

  /** Whether a room at `lastSeq` lacks something it heard of. */
  behind(lastSeq: number): boolean {
    return this.heardSeq > lastSeq;
  }

  /**
   * The log after `from` (up to what was heard of, or the store's end), in order, and the
   * client ids claimed in it: from the messages as far as they reach without a gap, then
   * from the store.
   */
  async readAfter(from: number): Promise<LogGap> {
    const relayed = this.relayedAfter(from);
    if (relayed.complete) return relayed.gap;
    const { updates, claims } = relayed.gap;
    const at = updates.at(-1)?.seq ?? from;
    const stored = await this.readStore(at);
    return { updates: [...updates, ...stored.updates], claims: [...claims, ...stored.claims], fromMessagesUpTo: at };
  }

  /**
   * What messages brought after `from`, as far as they reach without a gap; `complete`
   * when that reaches everything heard of, so the store need not be read.
   */
  relayedAfter(from: number): { gap: LogGap; complete: boolean } {
    this.forgetUpTo(from);
    const updates: LoggedUpdate[] = [];
    let at = from;
    for (let next = this.relayed.get(at + 1); next; next = this.relayed.get(at + 1)) {
      updates.push(next);
      at++;
    }
    const claims = this.relayedClaims.filter((claim) => claim.firstSeq > from && claim.firstSeq <= at);
    return { gap: { updates, claims, fromMessagesUpTo: at }, complete: at > from && at >= this.heardSeq };
  }

  private async readStore(from: number): Promise<Omit<LogGap, 'fromMessagesUpTo'>> {
    const updates: LoggedUpdate[] = [];
    for (let after = from; ;) {
      const page = await this.store.readLog(this.document, after, pageSize);
      updates.push(...page);
      if (page.length < pageSize) break;
      after = page.at(-1)!.seq;
    }
    // Read after the updates: a claim is committed with its update, so none is missed.
    const claims = updates.length > 0 ? await this.store.claimsAfter(this.document, from) : [];
    const last = updates.at(-1)?.seq ?? from;
    return { updates, claims: claims.filter((claim) => claim.firstSeq <= last) };
  }

  private keep(commit: CommitRelay, lastSeq: number): void {
    for (const update of commit.updates) {
      if (update.seq <= lastSeq || this.relayed.has(update.seq)) continue;
      this.relayed.set(update.seq, update);
      this.relayedBytes += update.update.byteLength;
    }
    for (const claim of commit.claims) if (claim.firstSeq > lastSeq) this.relayedClaims.push(claim);
    // A gap that stays open (a lost message) must not hold memory: the store has it all.
    if (this.relayedBytes > maxRelayedBytes) {
      this.relayed.clear();
      this.relayedClaims = [];
      this.relayedBytes = 0;
    }
  }

  private forgetUpTo(seq: number): void {
    for (const [at, update] of this.relayed) {
      if (at > seq) continue;
      this.relayed.delete(at);
      this.relayedBytes -= update.update.byteLength;
    }
    if (this.relayedClaims.some((claim) => claim.firstSeq <= seq)) {
      this.relayedClaims = this.relayedClaims.filter((claim) => claim.firstSeq > seq);
    }
  }
}
