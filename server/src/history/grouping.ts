/**
 * Grouping the log into versions. A version is a stretch of editing by one group of
 * people: a new one starts after a pause of `pauseMs`, or when the group of people
 * editing changes (someone joins in, or someone has stopped for `pauseMs`). A restore is
 * always a version of its own. Changes the server makes (numbering requirements) join
 * the version they happen in.
 */
export const versionPauseMs = 5 * 60_000;

export interface LoggedChange {
  seq: number;
  authorId: string | null;
  boroughId: string | null;
  receivedAt: number;
  bytes: number;
  areas: string[];
  restoreOf: number | null;
}

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
 * Adds one change: returns the version it belongs to (the open one, extended, or a new
 * one) and the grouping state after it.
 */
export function addChange(
  open: VersionRow | null,
  state: GroupingState,
  change: LoggedChange,
  pauseMs = versionPauseMs,
): { version: VersionRow; isNew: boolean; state: GroupingState } {
  const lastSeen = { ...state.lastSeen };
  const human = change.authorId;
  if (human) lastSeen[human] = change.receivedAt;
  for (const [person, at] of Object.entries(lastSeen)) if (at < change.receivedAt - pauseMs) delete lastSeen[person];
  const active = Object.keys(lastSeen).sort();

  const paused = !open || change.receivedAt - open.endedAt >= pauseMs;
  const groupChanged = human !== null && active.join(',') !== state.editors.join(',');
  const startNew = !open || state.closed || change.restoreOf !== null || paused || groupChanged;

  if (startNew) {
    const version: VersionRow = {
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
    };
    return { version, isNew: true, state: { editors: human ? active : state.editors, lastSeen, closed: change.restoreOf !== null } };
  }
  const version: VersionRow = {
    ...open,
    lastSeq: change.seq,
    endedAt: change.receivedAt,
    authors: open.authors.includes(change.authorId) ? open.authors : [...open.authors, change.authorId],
    boroughs: !change.boroughId || open.boroughs.includes(change.boroughId) ? open.boroughs : [...open.boroughs, change.boroughId],
    areas: [...new Set([...open.areas, ...change.areas])].sort(),
    updates: open.updates + 1,
    bytes: open.bytes + change.bytes,
  };
  return { version, isNew: false, state: { ...state, lastSeen } };
}
