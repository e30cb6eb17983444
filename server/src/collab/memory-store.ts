/**
 * A document store that keeps everything in memory: for testing the live engine without
 * a database or sockets, and as the second implementation that keeps the store's
 * contract honest (it runs the same suite as SQLite). Nothing survives the process.
 */
import type { Database } from '../db/queries.js';
import {
  checkNumbering,
  shiftAfter,
  type AlongsideWrites,
  type ClientClaim,
  type DocumentAppend,
  type DocumentStore,
  type LoggedUpdate,
  type LogEntry,
  type PlacedAppend,
  type StoredDocument,
} from './store.js';

interface Checkpoint {
  seq: number;
  state: Uint8Array;
  stateVector: Uint8Array;
  retained: boolean;
}

interface MemoryDocument {
  log: LoggedUpdate[];
  checkpoints: Checkpoint[];
  owners: Map<number, string | null>;
  claims: ClientClaim[];
}

export class MemoryDocumentStore implements DocumentStore {
  private readonly documents = new Map<string, MemoryDocument>();

  /** `appData`: where the server's own writes alongside an append go (none: such appends are refused). */
  constructor(private readonly appData?: Database) {}

  private documentOf(name: string): MemoryDocument {
    let document = this.documents.get(name);
    if (!document) this.documents.set(name, (document = { log: [], checkpoints: [], owners: new Map(), claims: [] }));
    return document;
  }

  async load(name: string): Promise<StoredDocument> {
    const { log, checkpoints, owners } = this.documentOf(name);
    const checkpoint = checkpoints.at(-1) ?? null;
    const tail = log.filter((u) => u.seq > (checkpoint?.seq ?? 0)).map((u) => u.update);
    const retained = checkpoints.filter((c) => c.retained).at(-1) ?? null;
    return {
      checkpoint: checkpoint && { seq: checkpoint.seq, state: checkpoint.state, stateVector: checkpoint.stateVector },
      tail,
      tailBytes: tail.reduce((sum, u) => sum + u.byteLength, 0),
      lastSeq: log.at(-1)?.seq ?? 0,
      clientOwners: new Map(owners),
      retained: retained && { seq: retained.seq, bytes: retained.state.byteLength },
      bytesSinceRetained: log.filter((u) => u.seq > (retained?.seq ?? 0)).reduce((sum, u) => sum + u.update.byteLength, 0),
    };
  }

  async append(appends: readonly DocumentAppend[], alongside?: AlongsideWrites): Promise<PlacedAppend[]> {
    checkNumbering(appends);
    if (!alongside) {
      const { placed, moved } = this.place(appends);
      this.keep(moved);
      return placed;
    }
    const { appData } = this;
    if (!appData) throw new Error('This store was given no app database, so the server’s own writes cannot go alongside its log.');
    // Kept as the transaction's last step: when a write or a check throws, nothing of the call is kept.
    return appData.transaction(async (tx) => {
      const { placed, moved } = this.place(appends);
      await alongside(tx, placed);
      this.keep(moved);
      return placed;
    });
  }

  /** Where each document's updates go (the next free positions); refuses client ids already claimed. */
  private place(appends: readonly DocumentAppend[]): { placed: PlacedAppend[]; moved: DocumentAppend[] } {
    const next = new Map<string, number>();
    const placed: PlacedAppend[] = [];
    const moved: DocumentAppend[] = [];
    for (const append of appends) {
      const { document, updates, claims } = append;
      const existing = this.documentOf(document);
      const last = next.get(document) ?? existing.log.at(-1)?.seq ?? 0;
      for (const claim of claims) if (existing.owners.has(claim.clientId)) throw new Error(`client id ${claim.clientId} is claimed`);
      const shift = shiftAfter(append, last);
      placed.push({ document, firstSeq: last + 1 });
      moved.push({
        document,
        updates: updates.map((u) => ({ ...u, seq: u.seq + shift })),
        claims: claims.map((c) => ({ ...c, firstSeq: c.firstSeq + shift })),
      });
      next.set(document, last + updates.length);
    }
    return { placed, moved };
  }

  private keep(moved: readonly DocumentAppend[]): void {
    for (const { document, updates, claims } of moved) {
      const existing = this.documentOf(document);
      existing.log.push(...updates);
      for (const claim of claims) existing.owners.set(claim.clientId, claim.userId);
      existing.claims.push(...claims);
    }
  }

  async writeCheckpoint(name: string, seq: number, state: Uint8Array, stateVector: Uint8Array, retained: boolean): Promise<void> {
    const document = this.documentOf(name);
    const same = document.checkpoints.find((c) => c.seq === seq);
    if (same) same.retained ||= retained;
    else document.checkpoints.push({ seq, state, stateVector, retained });
    document.checkpoints = document.checkpoints.filter((c) => c.retained || c.seq >= seq).sort((a, b) => a.seq - b.seq);
  }

  async latestSeq(name: string): Promise<number> {
    return this.documentOf(name).log.at(-1)?.seq ?? 0;
  }

  async writtenAt(name: string, seq: number): Promise<number | null> {
    return (
      this.documentOf(name)
        .log.filter((u) => u.seq <= seq)
        .at(-1)?.receivedAt ?? null
    );
  }

  async entries(name: string, seqs: readonly number[]): Promise<Map<number, LogEntry>> {
    const wanted = new Set(seqs);
    const found = new Map<number, LogEntry>();
    for (const u of this.documentOf(name).log) if (wanted.has(u.seq)) found.set(u.seq, { authorId: u.authorId, receivedAt: u.receivedAt });
    return found;
  }

  async readLog(name: string, afterSeq: number, limit: number): Promise<LoggedUpdate[]> {
    return this.documentOf(name)
      .log.filter((u) => u.seq > afterSeq)
      .slice(0, limit)
      .map((u) => ({ ...u }));
  }

  async claimsAfter(name: string, afterSeq: number): Promise<ClientClaim[]> {
    return this.documentOf(name)
      .claims.filter((c) => c.firstSeq > afterSeq)
      .map((c) => ({ ...c }));
  }

  async loadAt(name: string, seq: number): Promise<{ checkpoint: { seq: number; state: Uint8Array } | null; updates: Uint8Array[] }> {
    if (seq <= 0) return { checkpoint: null, updates: [] };
    const { log, checkpoints } = this.documentOf(name);
    const checkpoint = checkpoints.filter((c) => c.seq <= seq).at(-1) ?? null;
    const updates = log.filter((u) => u.seq > (checkpoint?.seq ?? 0) && u.seq <= seq).map((u) => u.update);
    return { checkpoint: checkpoint && { seq: checkpoint.seq, state: checkpoint.state }, updates };
  }
}
