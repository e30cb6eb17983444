/**
 * Grouping the log into versions. A version is a stretch of editing by one group of
 * people: a new one starts after a pause of `pauseMs`, or when the group of people
 * editing changes (someone joins in, or someone has stopped for `pauseMs`). A restore is
 * always a version of its own. Changes the server makes (numbering requirements) join
 * the version they happen in; comment anchors join the open version even after a pause,
 * being no edit. What a version did to each thing people recognise (a
 * requirement, a paragraph, an entry) adds up as it goes, for the timeline's summary.
 */
export const versionPauseMs = 5 * 60_000;

/** What happened to one thing people recognise (a requirement, a paragraph, an entry). */
export type ThingChange = 'added' | 'edited' | 'removed';

/**
 * What a change or a version did, thing by thing. Keys name the thing:
 * 'requirement:<client>:<clock>', 'heading:…', 'paragraph:…', 'table:…' (the Yjs item of
 * its element), 'engagement:<entry id>', 'decisions:<entry id>'.
 */
export interface ThingChanges {
  things: Record<string, ThingChange>;
  /** Requirements (keyed as above) whose number the change set: the server's numbering. */
  numbered: string[];
}

/** Nothing changed yet: a new object each time, as versions change theirs in place. */
export const noThingChanges = (): ThingChanges => ({ things: {}, numbered: [] });

/**
 * What a thing ends up as after two changes to it, one after the other: added then
 * edited is still added, added then removed is nothing (null), edited then removed is
 * removed, and removed then added (a restore putting back a copy) is edited.
 */
export function followedBy(first: ThingChange | undefined, then: ThingChange): ThingChange | null {
  if (!first) return then;
  if (first === 'added') return then === 'removed' ? null : 'added';
  if (first === 'removed') return then === 'added' ? 'edited' : 'removed';
  return then === 'removed' ? 'removed' : 'edited';
}

/** Adds `change` to `into`, in place. */
export function addThingChanges(into: ThingChanges, change: ThingChanges): void {
  for (const [key, then] of Object.entries(change.things)) {
    const next = followedBy(into.things[key], then);
    if (next) into.things[key] = next;
    else delete into.things[key];
  }
  for (const key of change.numbered) if (!into.numbered.includes(key)) into.numbered.push(key);
}

/** One logged update, as grouping needs it. */
export interface LoggedChange {
  seq: number;
  authorId: string | null;
  boroughId: string | null;
  receivedAt: number;
  bytes: number;
  areas: string[];
  restoreOf: number | null;
  /** What the change did, thing by thing (see describe.ts). */
  changes: ThingChanges;
  /** Only comment anchors: no edit, so it never starts a version or counts as anyone's. */
  quiet?: boolean;
}

/** A version, as kept in `history_versions`. */
export interface VersionRow {
  version: number;
  firstSeq: number;
  lastSeq: number;
  startedAt: number;
  endedAt: number;
  authors: (string | null)[];
  boroughs: string[];
  areas: string[];
  updates: number;
  bytes: number;
  restoreOf: number | null;
  /** What the version did, thing by thing; null for versions recorded before this was kept. */
  changes: ThingChanges | null;
}

/** What grouping carries from one change to the next (kept in SQL between restarts). */
export interface GroupingState {
  /** The people editing when the open version began. */
  editors: string[];
  /** When each person last edited. */
  lastSeen: Record<string, number>;
  /** The open version closed for good (after a restore). */
  closed: boolean;
}

export const emptyGrouping = (): GroupingState => ({ editors: [], lastSeen: {}, closed: true });

/**
 * Groups a run of changes into versions, changing the open version and the state in
 * place (this runs for every update, so it allocates as little as it can).
 */
export class VersionGrouper {
  private readonly lastSeen: Map<string, number>;
  private editors: string;
  private closed: boolean;

  constructor(
    /** The version still open, if any. */
    public open: VersionRow | null,
    state: GroupingState,
    private readonly pauseMs = versionPauseMs,
  ) {
    this.lastSeen = new Map(Object.entries(state.lastSeen));
    this.editors = state.editors.join(',');
    this.closed = state.closed;
  }

  /** Adds a change; returns the version it closed (to be saved as final), if any. */
  add(change: LoggedChange): VersionRow | null {
    if (change.quiet && this.open) {
      // Kept in the version it follows (so its range covers the log), as nobody's edit.
      this.open.lastSeq = change.seq;
      this.open.updates++;
      this.open.bytes += change.bytes;
      return null;
    }
    const human = change.authorId;
    if (human) this.lastSeen.set(human, change.receivedAt);
    const active: string[] = [];
    for (const [person, at] of this.lastSeen) {
      // Gone after a pause as long as the one that starts a new version (the same boundary).
      if (change.receivedAt - at >= this.pauseMs) this.lastSeen.delete(person);
      else active.push(person);
    }
    const activeKey = active.sort().join(',');
    const open = this.open;
    const startNew =
      !open ||
      this.closed ||
      change.restoreOf !== null ||
      change.receivedAt - open.endedAt >= this.pauseMs ||
      (human !== null && activeKey !== this.editors);
    if (startNew) {
      const changes = noThingChanges();
      addThingChanges(changes, change.changes);
      this.open = {
        version: (open?.version ?? 0) + 1,
        firstSeq: change.seq,
        lastSeq: change.seq,
        startedAt: change.receivedAt,
        endedAt: change.receivedAt,
        authors: [change.authorId],
        boroughs: change.boroughId ? [change.boroughId] : [],
        areas: [...change.areas],
        updates: 1,
        bytes: change.bytes,
        restoreOf: change.restoreOf,
        changes,
      };
      if (human) this.editors = activeKey;
      this.closed = change.restoreOf !== null;
      return open;
    }
    open.lastSeq = change.seq;
    open.endedAt = change.receivedAt;
    if (!open.authors.includes(change.authorId)) open.authors.push(change.authorId);
    if (change.boroughId && !open.boroughs.includes(change.boroughId)) open.boroughs.push(change.boroughId);
    for (const area of change.areas) {
      if (!open.areas.includes(area)) {
        open.areas.push(area);
        open.areas.sort();
      }
    }
    open.updates++;
    open.bytes += change.bytes;
    // A version begun before changes were kept stays without them: a part would mislead.
    if (open.changes) addThingChanges(open.changes, change.changes);
    return null;
  }

  get state(): GroupingState {
    return { editors: this.editors ? this.editors.split(',') : [], lastSeen: Object.fromEntries(this.lastSeen), closed: this.closed };
  }
}
