/**
 * Specifies how what each change did to the things people recognise (a requirement, a
 * paragraph, an entry) adds up to what its version did: one change to a thing followed
 * by another reads as people would say it, each version starts afresh, and a version
 * recorded before this was kept stays without it rather than with a part.
 */
import { describe, expect, it } from 'vitest';
import {
  addThingChanges,
  emptyGrouping,
  followedBy,
  noThingChanges,
  VersionGrouper,
  versionPauseMs,
  type LoggedChange,
  type ThingChanges,
  type VersionRow,
} from './grouping.js';

const pause = versionPauseMs;

/** Builds changes by one person, with increasing sequence numbers. */
function changes() {
  let seq = 0;
  return (at: number, authorId: string | null, extra: Partial<LoggedChange> = {}): LoggedChange => ({
    seq: ++seq,
    authorId,
    boroughId: authorId ? 'camden' : null,
    receivedAt: at,
    bytes: 10,
    areas: ['specification'],
    restoreOf: null,
    changes: noThingChanges(),
    ...extra,
  });
}

/** Feeds the changes to a fresh grouper; returns the versions it closed, and the grouper. */
function group(list: LoggedChange[]): { closed: VersionRow[]; grouper: VersionGrouper } {
  const grouper = new VersionGrouper(null, emptyGrouping());
  const closed: VersionRow[] = [];
  for (const change of list) {
    const done = grouper.add(change);
    if (done) closed.push(done);
  }
  return { closed, grouper };
}

describe('what a version did, thing by thing', () => {
  const did = (things: ThingChanges['things'], numbered: string[] = []): ThingChanges => ({ things, numbered });

  it('follows one change to a thing by another as people would say it', () => {
    expect(followedBy(undefined, 'edited')).toBe('edited');
    expect(followedBy('added', 'edited')).toBe('added');
    expect(followedBy('added', 'removed')).toBeNull();
    expect(followedBy('edited', 'edited')).toBe('edited');
    expect(followedBy('edited', 'removed')).toBe('removed');
    expect(followedBy('removed', 'added')).toBe('edited');
    expect(followedBy('removed', 'edited')).toBe('removed');
  });

  it('adds up the changes of a version, each thing once', () => {
    const into = noThingChanges();
    addThingChanges(into, did({ 'requirement:1:0': 'edited', 'paragraph:1:9': 'added' }));
    addThingChanges(into, did({ 'requirement:1:0': 'edited', 'paragraph:1:9': 'edited', 'decisions:d1': 'edited' }));
    addThingChanges(into, did({}, ['requirement:2:0']));
    addThingChanges(into, did({ 'paragraph:1:9': 'removed', 'engagement:e1': 'removed' }, ['requirement:2:0']));
    expect(into).toEqual(did({ 'requirement:1:0': 'edited', 'decisions:d1': 'edited', 'engagement:e1': 'removed' }, ['requirement:2:0']));
  });

  it('is kept by the grouper per version, starting afresh with each', () => {
    const change = changes();
    const result = group([
      change(0, 'ada', { changes: did({ 'requirement:1:0': 'edited' }) }),
      change(1, null, { changes: did({}, ['requirement:1:5']) }),
      change(2, 'ada', { changes: did({ 'requirement:1:0': 'edited', 'requirement:1:5': 'added' }) }),
      change(pause + 2, 'ada', { changes: did({ 'paragraph:1:7': 'edited' }) }),
    ]);
    expect(result.closed[0]?.changes).toEqual(did({ 'requirement:1:0': 'edited', 'requirement:1:5': 'added' }, ['requirement:1:5']));
    expect(result.grouper.open?.changes).toEqual(did({ 'paragraph:1:7': 'edited' }));
  });

  it('does not change the changes of the change that opened the version', () => {
    const change = changes();
    const first = change(0, 'ada', { changes: did({ 'paragraph:1:0': 'edited' }) });
    group([first, change(1, 'ada', { changes: did({ 'paragraph:1:3': 'added' }) })]);
    expect(first.changes).toEqual(did({ 'paragraph:1:0': 'edited' }));
  });

  it('leaves a version recorded before they were kept without them, rather than with a part', () => {
    const change = changes();
    const open: VersionRow = { ...group([change(0, 'ada')]).grouper.open!, changes: null };
    const grouper = new VersionGrouper(open, { editors: ['ada'], lastSeen: { ada: 0 }, closed: false });
    grouper.add(change(1, 'ada', { changes: did({ 'paragraph:1:0': 'edited' }) }));
    expect(grouper.open).toMatchObject({ version: 1, updates: 2, changes: null });
    grouper.add(change(pause + 1, 'ada', { changes: did({ 'paragraph:1:0': 'edited' }) }));
    expect(grouper.open).toMatchObject({ version: 2, changes: did({ 'paragraph:1:0': 'edited' }) });
  });
});
