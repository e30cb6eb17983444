import { describe, expect, it } from 'vitest';
import type { CommentThread } from '../../../../shared/comments.js';
import {
  insertMention,
  matchingCandidates,
  mentionCandidates,
  mentionQueryAt,
  mentionsInBody,
  splitByMentions,
  type MentionCandidate,
} from './mentions.js';
import { defaultFilter, isAbout, matchesFilter } from './thread-filters.js';

const candidates: MentionCandidate[] = [
  { kind: 'person', id: 'u-tom', name: 'Tom Okafor', detail: 'Camden' },
  { kind: 'person', id: 'u-maria', name: 'Maria Costa', detail: 'Islington' },
  { kind: 'borough', id: 'camden', name: 'Camden', detail: '(the whole borough)' },
];

describe('mentions while typing', () => {
  it('finds the “@…” being typed, but not an email address', () => {
    expect(mentionQueryAt('Ask @To', 7)).toEqual({ start: 4, query: 'To' });
    expect(mentionQueryAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQueryAt('Write to tom@camden.gov.uk', 26)).toBeNull();
    expect(mentionQueryAt('Ask @Tom\nthen', 13)).toBeNull();
  });

  it('offers names starting with what was typed, or with a word of it', () => {
    expect(matchingCandidates(candidates, 'cam').map((c) => c.name)).toEqual(['Camden']);
    expect(matchingCandidates(candidates, 'oka').map((c) => c.name)).toEqual(['Tom Okafor']);
    expect(matchingCandidates(candidates, 'Tom ').map((c) => c.name)).toEqual(['Tom Okafor']);
    expect(matchingCandidates(candidates, 'Tom and')).toEqual([]);
    expect(matchingCandidates(candidates, '')).toHaveLength(3);
  });

  it('replaces the typed “@…” with the name, and sends only mentions still in the text', () => {
    const typed = 'Ask @To about it';
    expect(insertMention(typed, { start: 4 }, 7, candidates[0]!)).toEqual({ text: 'Ask @Tom Okafor about it', caret: 16 });
    const chosen = [candidates[0]!, candidates[2]!, candidates[0]!];
    expect(mentionsInBody('Ask @Tom Okafor', chosen)).toEqual([{ kind: 'person', id: 'u-tom' }]);
    expect(mentionsInBody('@Camden and @Tom Okafor', chosen)).toEqual([
      { kind: 'person', id: 'u-tom' },
      { kind: 'borough', id: 'camden' },
    ]);
  });

  it('lists the other members and the boroughs taking part', () => {
    const procurement = {
      members: [
        { userId: 'me', name: 'Priya Shah', borough: { id: 'hackney', name: 'Hackney' } },
        { userId: 'u-tom', name: 'Tom Okafor', borough: { id: 'camden', name: 'Camden' } },
      ],
      boroughs: [{ id: 'hackney', name: 'Hackney' }],
    } as Parameters<typeof mentionCandidates>[0];
    expect(mentionCandidates(procurement, 'me').map((c) => `${c.kind}:${c.name}`)).toEqual(['person:Tom Okafor', 'borough:Hackney']);
  });
});

describe('showing a comment', () => {
  it('cuts out its mentions, longest names first', () => {
    const mentions = [
      { kind: 'borough' as const, id: 'camden', name: 'Camden' },
      { kind: 'person' as const, id: 'u', name: 'Camden Lee' },
    ];
    expect(splitByMentions('Hi @Camden Lee and @Camden.', mentions)).toEqual([
      { text: 'Hi ', mention: false },
      { text: '@Camden Lee', mention: true },
      { text: ' and ', mention: false },
      { text: '@Camden', mention: true },
      { text: '.', mention: false },
    ]);
    expect(splitByMentions('No one (a+b)', [])).toEqual([{ text: 'No one (a+b)', mention: false }]);
  });
});

describe('filtering threads', () => {
  const person = (id: string, borough: string) => ({ id, name: id, borough: { id: borough, name: borough } });
  const thread: CommentThread = {
    id: 't1',
    subject: { kind: 'decision-option', decisionId: 'd1', optionId: 'o1' },
    quote: 'One lead borough',
    createdBy: person('priya', 'hackney'),
    createdAt: '2026-01-01T10:00:00Z',
    resolved: null,
    comments: [
      {
        id: 'c1',
        author: person('priya', 'hackney'),
        body: '@Camden?',
        mentions: [{ kind: 'borough', id: 'camden', name: 'Camden' }],
        createdAt: '2026-01-01T10:00:00Z',
        editedAt: null,
        deleted: false,
      },
      {
        id: 'c2',
        author: person('tom', 'camden'),
        body: '',
        mentions: [],
        createdAt: '2026-01-01T11:00:00Z',
        editedAt: null,
        deleted: true,
      },
    ],
  };
  const tom = { id: 'tom', boroughId: 'camden' };

  it('by status, starter’s borough, mine and mentioning me', () => {
    expect(matchesFilter(thread, defaultFilter, tom)).toBe(true);
    expect(matchesFilter(thread, { ...defaultFilter, status: 'resolved' }, tom)).toBe(false);
    expect(matchesFilter(thread, { ...defaultFilter, boroughId: 'camden' }, tom)).toBe(false);
    // Tom's only comment was deleted: the thread is no longer his.
    expect(matchesFilter(thread, { ...defaultFilter, mine: true }, tom)).toBe(false);
    expect(matchesFilter(thread, { ...defaultFilter, mentioningMe: true }, tom)).toBe(true);
    expect(matchesFilter(thread, { ...defaultFilter, mentioningMe: true }, { id: 'maria', boroughId: 'islington' })).toBe(false);
  });

  it('by what it is about', () => {
    expect(isAbout(thread, { kind: 'decision-option', decisionId: 'd1', optionId: 'o1' })).toBe(true);
    expect(isAbout(thread, { kind: 'decision-option', decisionId: 'd1', optionId: 'o2' })).toBe(false);
    expect(isAbout(thread, { kind: 'specification' })).toBe(false);
  });
});
