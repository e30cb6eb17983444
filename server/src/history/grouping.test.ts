/**
 * Specifies how the change log is grouped into versions: a version is a stretch of
 * editing by one group of people; a pause, someone joining in or someone stopping starts
 * a new one; a restore is always a version of its own; the server's own changes join the
 * version they happen in; authors, boroughs, areas, update counts and bytes add up; and
 * the grouping state carries over a restart. What versions did to each thing is
 * specified in thing-changes.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { emptyGrouping, noThingChanges, VersionGrouper, versionPauseMs, type LoggedChange, type VersionRow } from './grouping.js';

const minute = 60_000;
const pause = versionPauseMs;

const borough: Record<string, string> = { ada: 'camden', bea: 'hackney', cy: 'camden' };

/** Builds changes with increasing sequence numbers. */
function changes() {
  let seq = 0;
  return (at: number, authorId: string | null, extra: Partial<LoggedChange> = {}): LoggedChange => ({
    seq: ++seq,
    authorId,
    boroughId: authorId ? (borough[authorId] ?? null) : null,
    receivedAt: at,
    bytes: 10,
    areas: ['specification'],
    restoreOf: null,
    changes: noThingChanges(),
    ...extra,
  });
}

/** Feeds the changes to a fresh grouper; returns the versions it closed, and the grouper. */
function group(list: LoggedChange[], pauseMs?: number): { closed: VersionRow[]; grouper: VersionGrouper } {
  const grouper = new VersionGrouper(null, emptyGrouping(), pauseMs);
  const closed: VersionRow[] = [];
  for (const change of list) {
    const done = grouper.add(change);
    if (done) closed.push(done);
  }
  return { closed, grouper };
}

/** Every version, closed ones then the open one, as [firstSeq, lastSeq] pairs. */
function spans({ closed, grouper }: { closed: VersionRow[]; grouper: VersionGrouper }): [number, number][] {
  return [...closed, ...(grouper.open ? [grouper.open] : [])].map((v) => [v.firstSeq, v.lastSeq]);
}

describe('VersionGrouper', () => {
  it('opens version 1 with the first change, closing nothing', () => {
    const change = changes();
    const grouper = new VersionGrouper(null, emptyGrouping());
    expect(grouper.add(change(1_000, 'ada', { bytes: 42, areas: ['engagement:e1', 'specification'] }))).toBeNull();
    expect(grouper.open).toEqual({
      version: 1,
      firstSeq: 1,
      lastSeq: 1,
      startedAt: 1_000,
      endedAt: 1_000,
      authors: ['ada'],
      boroughs: ['camden'],
      areas: ['engagement:e1', 'specification'],
      updates: 1,
      bytes: 42,
      restoreOf: null,
      changes: { things: {}, numbered: [] },
    } satisfies VersionRow);
  });

  it('adds one person’s changes in quick succession to the same version', () => {
    const change = changes();
    const { closed, grouper } = group([change(0, 'ada', { bytes: 5 }), change(minute, 'ada', { bytes: 7 }), change(3 * minute, 'ada')]);
    expect(closed).toEqual([]);
    expect(grouper.open).toMatchObject({ version: 1, firstSeq: 1, lastSeq: 3, startedAt: 0, endedAt: 3 * minute, updates: 3, bytes: 22 });
    expect(grouper.open?.authors).toEqual(['ada']);
  });

  describe('a pause', () => {
    it('is five minutes by default', () => {
      expect(versionPauseMs).toBe(5 * minute);
    });

    it('of the full pause length starts a new version and closes the last one', () => {
      const change = changes();
      const grouper = new VersionGrouper(null, emptyGrouping());
      grouper.add(change(0, 'ada'));
      grouper.add(change(minute, 'ada'));

      const closed = grouper.add(change(minute + pause, 'ada'));
      expect(closed).toMatchObject({ version: 1, firstSeq: 1, lastSeq: 2, endedAt: minute });
      expect(grouper.open).toMatchObject({ version: 2, firstSeq: 3, lastSeq: 3, startedAt: minute + pause, updates: 1 });
    });

    it('just short of the pause length does not', () => {
      const change = changes();
      expect(spans(group([change(0, 'ada'), change(pause - 1, 'ada')]))).toEqual([[1, 2]]);
    });

    it('is measured from the version’s last change, not its first', () => {
      const change = changes();
      const list = [0, 4, 8, 12, 16].map((m) => change(m * minute, 'ada'));
      expect(spans(group(list))).toEqual([[1, 5]]);
    });

    it('can be set to another length', () => {
      const change = changes();
      expect(spans(group([change(0, 'ada'), change(59_999, 'ada'), change(119_999, 'ada')], 60_000))).toEqual([
        [1, 2],
        [3, 3],
      ]);
    });
  });

  describe('the people editing', () => {
    it('someone joining in starts a new version, which both then share', () => {
      const change = changes();
      const result = group([change(0, 'ada'), change(minute, 'ada'), change(2 * minute, 'bea'), change(3 * minute, 'ada')]);
      expect(spans(result)).toEqual([
        [1, 2],
        [3, 4],
      ]);
      expect(result.grouper.open?.authors).toEqual(['bea', 'ada']);
      expect(result.grouper.open?.boroughs).toEqual(['hackney', 'camden']);
    });

    it('a second person joining in after the first adds a third version', () => {
      const change = changes();
      const result = group([change(0, 'ada'), change(minute, 'bea'), change(2 * minute, 'cy'), change(3 * minute, 'ada')]);
      expect(spans(result)).toEqual([
        [1, 1],
        [2, 2],
        [3, 4],
      ]);
      expect(result.grouper.state.editors).toEqual(['ada', 'bea', 'cy']);
    });

    it('someone who has stopped for the pause length leaves the group, which starts a new version', () => {
      const change = changes();
      const result = group([
        change(0, 'ada'),
        change(minute, 'bea'), // v2: ada and bea
        change(2 * minute, 'ada'),
        change(5 * minute, 'ada'),
        change(minute + pause + 1, 'ada'), // bea last edited more than a pause ago: v3, ada alone
        change(7 * minute, 'ada'),
      ]);
      expect(spans(result)).toEqual([
        [1, 1],
        [2, 4],
        [5, 6],
      ]);
      expect(result.grouper.open?.authors).toEqual(['ada']);
      expect(result.grouper.state.editors).toEqual(['ada']);
    });

    it('someone who comes back before the pause length is still in the group', () => {
      const change = changes();
      const result = group([
        change(0, 'ada'),
        change(minute, 'bea'),
        change(2 * minute, 'ada'),
        change(4 * minute, 'bea'),
        change(6 * minute, 'ada'),
      ]);
      expect(spans(result)).toEqual([
        [1, 1],
        [2, 5],
      ]);
    });

    it('does not depend on the order the people first edited in', () => {
      const change = changes();
      const result = group([change(0, 'bea'), change(minute, 'ada'), change(2 * minute, 'bea'), change(3 * minute, 'ada')]);
      expect(spans(result)).toEqual([
        [1, 1],
        [2, 4],
      ]);
    });
  });

  describe('the server’s own changes', () => {
    it('join the version they happen in, with a null author', () => {
      const change = changes();
      const result = group([change(0, 'ada'), change(minute, null, { areas: ['specification'] }), change(2 * minute, 'ada')]);
      expect(spans(result)).toEqual([[1, 3]]);
      expect(result.grouper.open?.authors).toEqual(['ada', null]);
      expect(result.grouper.open?.boroughs).toEqual(['camden']);
    });

    it('do not count as someone joining in or keep anyone in the group', () => {
      const change = changes();
      const result = group([
        change(0, 'ada'),
        change(minute, 'bea'),
        change(3 * minute, null),
        change(5.5 * minute, null),
        change(7 * minute, 'ada'),
      ]);
      // The server's changes keep the version open, but ada and bea are still judged by their own edits.
      expect(spans(result)).toEqual([
        [1, 1],
        [2, 4],
        [5, 5],
      ]);
    });

    it('open a version of their own when there is none to join', () => {
      const change = changes();
      const grouper = new VersionGrouper(null, emptyGrouping());
      grouper.add(change(0, null));
      expect(grouper.open).toMatchObject({ version: 1, authors: [null], boroughs: [] });
      expect(grouper.state.editors).toEqual([]);
    });
  });

  describe('a restore', () => {
    it('is always a version of its own, recording the version it restored', () => {
      const change = changes();
      const grouper = new VersionGrouper(null, emptyGrouping());
      grouper.add(change(0, 'ada'));
      grouper.add(change(minute, 'ada'));

      const closed = grouper.add(change(minute + 1, 'ada', { restoreOf: 1 }));
      expect(closed).toMatchObject({ version: 1, lastSeq: 2, restoreOf: null });
      expect(grouper.open).toMatchObject({ version: 2, firstSeq: 3, lastSeq: 3, restoreOf: 1 });
      expect(grouper.state.closed).toBe(true);

      const afterRestore = grouper.add(change(minute + 2, 'ada'));
      expect(afterRestore).toMatchObject({ version: 2, firstSeq: 3, lastSeq: 3, updates: 1, restoreOf: 1 });
      expect(grouper.open).toMatchObject({ version: 3, firstSeq: 4, restoreOf: null });
      expect(grouper.state.closed).toBe(false);
    });

    it('is not joined even by the server’s own changes', () => {
      const change = changes();
      const result = group([change(0, 'ada', { restoreOf: 4 }), change(1, null)]);
      expect(spans(result)).toEqual([
        [1, 1],
        [2, 2],
      ]);
    });

    it('twice in a row makes two versions', () => {
      const change = changes();
      const result = group([change(0, 'ada', { restoreOf: 4 }), change(1, 'ada', { restoreOf: 2 })]);
      expect(result.closed.map((v) => v.restoreOf)).toEqual([4]);
      expect(result.grouper.open?.restoreOf).toBe(2);
    });
  });

  describe('what a version accumulates', () => {
    it('lists each author once, in the order they first edited', () => {
      const change = changes();
      const result = group([change(0, 'bea'), change(1, 'ada'), change(2, 'bea'), change(3, 'ada')]);
      expect(result.grouper.open?.authors).toEqual(['ada', 'bea']);
      expect(result.grouper.open?.boroughs).toEqual(['camden', 'hackney']);
    });

    it('lists each borough once, however many of its people edit', () => {
      const change = changes();
      const grouper = new VersionGrouper(null, emptyGrouping());
      for (const author of ['ada', 'cy', 'ada', 'cy']) grouper.add(change(0, author));
      // ada and cy both start versions as they join; the last one holds both.
      expect(grouper.open?.authors).toEqual(['cy', 'ada']);
      expect(grouper.open?.boroughs).toEqual(['camden']);
    });

    it('leaves out a change with no borough', () => {
      const change = changes();
      const result = group([change(0, 'ada'), change(1, 'ada', { boroughId: null })]);
      expect(result.grouper.open?.boroughs).toEqual(['camden']);
    });

    it('keeps the areas touched as a sorted list without repeats', () => {
      const change = changes();
      const result = group([
        change(0, 'ada', { areas: ['specification'] }),
        change(1, 'ada', { areas: ['decisions:d2', 'specification'] }),
        change(2, 'ada', { areas: [] }),
        change(3, 'ada', { areas: ['decisions:d1', 'engagement:e9'] }),
      ]);
      expect(result.grouper.open?.areas).toEqual(['decisions:d1', 'decisions:d2', 'engagement:e9', 'specification']);
    });

    it('starts each version’s areas afresh', () => {
      const change = changes();
      const result = group([change(0, 'ada', { areas: ['decisions:d1'] }), change(pause, 'ada', { areas: ['specification'] })]);
      expect(result.closed[0]?.areas).toEqual(['decisions:d1']);
      expect(result.grouper.open?.areas).toEqual(['specification']);
    });

    it('does not change the areas list of the change that opened it', () => {
      const change = changes();
      const first = change(0, 'ada', { areas: ['specification'] });
      group([first, change(1, 'ada', { areas: ['decisions:d1'] })]);
      expect(first.areas).toEqual(['specification']);
    });

    it('counts updates and adds up their bytes', () => {
      const change = changes();
      const result = group([change(0, 'ada', { bytes: 1 }), change(1, null, { bytes: 20 }), change(2, 'ada', { bytes: 300 })]);
      expect(result.grouper.open).toMatchObject({ updates: 3, bytes: 321 });
    });
  });

  describe('the grouping state', () => {
    it('starts empty and closed, so the first change opens a version', () => {
      expect(emptyGrouping()).toEqual({ editors: [], lastSeen: {}, closed: true });
    });

    it('is a new object each time, so one document’s state is not shared with another’s', () => {
      const first = emptyGrouping();
      first.editors.push('ada');
      first.lastSeen.ada = 1;
      expect(emptyGrouping()).toEqual({ editors: [], lastSeen: {}, closed: true });
    });

    it('records the editors of the open version, sorted, and when each person last edited', () => {
      const change = changes();
      const { grouper } = group([change(0, 'bea'), change(minute, 'ada'), change(2 * minute, 'bea')]);
      expect(grouper.state).toEqual({ editors: ['ada', 'bea'], lastSeen: { ada: minute, bea: 2 * minute }, closed: false });
    });

    it('forgets people who have not edited for the pause length', () => {
      const change = changes();
      const { grouper } = group([change(0, 'bea'), change(minute, 'ada'), change(pause + 1, 'ada')]);
      expect(grouper.state.lastSeen).toEqual({ ada: pause + 1 });
    });

    it('does not change the state object it was given', () => {
      const change = changes();
      const state = { editors: ['ada'], lastSeen: { ada: 0 }, closed: false };
      const open: VersionRow = { ...group([change(0, 'ada')]).grouper.open! };
      new VersionGrouper(open, state).add(change(pause * 3, 'bea'));
      expect(state).toEqual({ editors: ['ada'], lastSeen: { ada: 0 }, closed: false });
    });

    it('carries over a restart: resuming from the open version and state groups as one run would', () => {
      const make = changes();
      const list = [
        make(0, 'ada'),
        make(minute, 'bea'),
        make(2 * minute, 'ada'),
        make(3 * minute, null),
        make(9 * minute, 'ada'),
        make(10 * minute, 'ada', { restoreOf: 2 }),
        make(11 * minute, 'bea'),
        make(12 * minute, 'ada'),
      ];
      const whole = group(list);

      for (let split = 1; split < list.length; split++) {
        const before = group(list.slice(0, split));
        // What is kept in SQL between restarts: the open version's row and the state, as JSON.
        const saved = JSON.parse(JSON.stringify({ open: before.grouper.open, state: before.grouper.state }));
        const resumed = new VersionGrouper(saved.open, saved.state);
        const closed = [...before.closed];
        for (const change of list.slice(split)) {
          const done = resumed.add(change);
          if (done) closed.push(done);
        }
        expect(closed, `split after ${split} changes`).toEqual(whole.closed);
        expect(resumed.open, `split after ${split} changes`).toEqual(whole.grouper.open);
        expect(resumed.state, `split after ${split} changes`).toEqual(whole.grouper.state);
      }
    });

    it('numbers new versions on from the open version it resumes', () => {
      const change = changes();
      const open: VersionRow = {
        version: 41,
        firstSeq: 900,
        lastSeq: 910,
        startedAt: 0,
        endedAt: minute,
        authors: ['ada'],
        boroughs: ['camden'],
        areas: ['specification'],
        updates: 11,
        bytes: 1000,
        restoreOf: null,
        changes: noThingChanges(),
      };
      const grouper = new VersionGrouper(open, { editors: ['ada'], lastSeen: { ada: minute }, closed: false });
      expect(grouper.add(change(2 * minute, 'ada', { seq: 911 }))).toBeNull();
      expect(grouper.open).toMatchObject({ version: 41, lastSeq: 911, updates: 12 });

      expect(grouper.add(change(2 * minute + 1, 'bea', { seq: 912 }))).toMatchObject({ version: 41, lastSeq: 911 });
      expect(grouper.open).toMatchObject({ version: 42, firstSeq: 912 });
    });

    it('after a restore and a restart, still starts a new version with the next change', () => {
      const change = changes();
      const restored = group([change(0, 'ada', { restoreOf: 3 })]).grouper;
      const resumed = new VersionGrouper(restored.open, restored.state);
      expect(resumed.add(change(1, 'ada'))).toMatchObject({ version: 1, restoreOf: 3 });
      expect(resumed.open).toMatchObject({ version: 2, restoreOf: null });
    });
  });
});

describe('the pause boundary', () => {
  it('is the same for starting a version and for counting someone as still editing', () => {
    const at = changes();
    // Ada, then Bea exactly one pause later (a new version, Ada no longer editing), then Bea again at once.
    const versions = spans(group([at(0, 'ada'), at(pause, 'bea'), at(pause + 1, 'bea')]));
    expect(versions).toEqual([
      [1, 1],
      [2, 3],
    ]);
  });
});
