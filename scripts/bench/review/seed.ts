/**
 * The review load on the benchmark's specification, written the way people write it:
 *
 * - comment threads on its words, each started over HTTP by one of the people taking
 *   part (so the server checks the words and writes the anchor mark in the live
 *   document itself), some answered by a few replies;
 * - open suggestions by two people of two boroughs, as their own edits through their
 *   own live connections: words proposed and words proposed for deletion in requirements,
 *   and now and then a requirement's priority proposed, with the block's list of
 *   suggestions saying what it was (shared/suggestions.ts). The server refuses an id
 *   that names someone else, so each person's ids are their own.
 *
 * Both spread evenly through the 300 requirements; the same every time.
 */
import * as Y from 'yjs';
import { toBase64 } from 'lib0/buffer';
import type { CreateThreadRequest, CommentRequest, CommentThread } from '../../../shared/comments.js';
import { plainText, priorities, requirementElements, specificationOf, type Priority } from '../../../shared/doc-layout.js';
import { blockSuggestionsAttribute, blockSuggestionsOf, newSuggestionId, suggestionMarkOfKey } from '../../../shared/suggestions.js';
import type { RunningServer } from '../../../server/src/server.js';
import { joinLive, type Member } from '../browser/crowd.js';
import type { Person } from '../browser/setup.js';
import { sentence } from '../large-specification.js';
import { inBatches, sleep } from '../wait.js';

/** How much review the loaded specification carries. */
export const reviewLoad = { threads: 500, suggestions: 200 } as const;

/** When the suggestions were begun: a fixed morning, one a minute, so every run reads the same. */
const suggestionsBegan = Date.UTC(2026, 10, 24, 9, 0);

const requirementText = (requirement: Y.XmlElement) => (requirement.get(0) as Y.XmlElement).get(0) as Y.XmlText;

/** Where words `first` to `first + count` (counted from 0) lie in `text`: from and to offsets. */
function wordsAt(text: Y.XmlText, first: number, count: number): { from: number; to: number } {
  const words = [...plainText(text).matchAll(/\S+/g)];
  const start = words[Math.min(first, words.length - 1)]!;
  const end = words[Math.min(first + count - 1, words.length - 1)]!;
  return { from: start.index, to: end.index + end[0].length };
}

/** Sends an API request as `person` and returns its answer, or throws with the server's. */
async function post<T>(serverUrl: string, person: Person, path: string, body: unknown): Promise<T> {
  const response = await fetch(`${serverUrl}${path}`, {
    method: 'POST',
    headers: { origin: serverUrl, cookie: person.cookie, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path} as ${person.user.name}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * Starts `reviewLoad.threads` threads in the specification, by `people` in turn: in each
 * requirement one on its second to fourth words, in the first 200 another on its
 * fifteenth to seventeenth; every tenth mentions Camden, every third has one to three
 * replies by the others.
 */
export async function addThreads(serverUrl: string, procurementId: string, people: readonly Person[]): Promise<void> {
  // The words are found in a copy of the live document, as a browser finds a selection.
  const reader = await joinLive(serverUrl, procurementId, people[0]!);
  try {
    const requirements = requirementElements(specificationOf(reader.doc));
    const targets = Array.from({ length: reviewLoad.threads }, (_, k) => {
      const text = requirementText(requirements[k % requirements.length]!);
      const { from, to } = k < requirements.length ? wordsAt(text, 1, 3) : wordsAt(text, 14, 3);
      const encode = (offset: number) => toBase64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, offset)));
      return { kind: 'text' as const, start: encode(from), end: encode(to) };
    });
    const path = `/api/procurements/${procurementId}/comments/threads`;
    await inBatches(targets, 8, async (target, k) => {
      const request: CreateThreadRequest = {
        target,
        body: sentence(k, 14),
        mentions: k % 10 === 0 ? [{ kind: 'borough', id: 'camden' }] : [],
      };
      const thread = await post<CommentThread>(serverUrl, people[k % people.length]!, path, request);
      if (k % 3 !== 0) return;
      for (let i = 1; i <= 1 + ((k / 3) % 3); i++) {
        const reply: CommentRequest = { body: sentence(k + i, 10), mentions: [] };
        await post(serverUrl, people[(k + i) % people.length]!, `${path}/${thread.id}/comments`, reply);
      }
    });
  } finally {
    reader.provider.destroy();
    reader.doc.destroy();
  }
}

/** The open suggestions' ids in a document: on text and in requirements' lists. */
export function suggestionIdsIn(doc: Y.Doc): Set<string> {
  const ids = new Set<string>();
  for (const requirement of requirementElements(specificationOf(doc))) {
    for (const mark of blockSuggestionsOf(requirement.getAttribute(blockSuggestionsAttribute))) ids.add(mark.attrs.id);
    for (const op of requirementText(requirement).toDelta() as { attributes?: Record<string, { id?: unknown } | null> }[]) {
      for (const [key, value] of Object.entries(op.attributes ?? {})) {
        if (suggestionMarkOfKey(key) && typeof value?.id === 'string') ids.add(value.id);
      }
    }
  }
  return ids;
}

/** One suggestion, written by `member` as `person`'s own edit: a priority, an addition or a deletion. */
function suggest(member: Member, person: Person, j: number): void {
  const requirements = requirementElements(specificationOf(member.doc));
  const requirement = requirements[Math.floor((j * requirements.length) / reviewLoad.suggestions)]!;
  const text = requirementText(requirement);
  const id = newSuggestionId(person.user.id, suggestionsBegan + j * 60_000, `bench${j}`);
  member.doc.transact(() => {
    if (j % 5 === 0) {
      const previousValue = requirement.getAttribute('priority') as Priority;
      const newValue = priorities[(priorities.indexOf(previousValue) + 1) % priorities.length]!;
      const modification = { type: 'modification', attrs: { id, type: 'attr', attrName: 'priority', previousValue, newValue } };
      requirement.setAttribute('priority', newValue);
      // Attributes hold any JSON; Yjs's types say strings only.
      requirement.setAttribute(blockSuggestionsAttribute, [modification] as unknown as string);
    } else if (j % 5 === 1 || j % 5 === 3) {
      const { to } = wordsAt(text, 8, 1);
      text.insert(to, ' and every contractor', { insertion: { id } });
    } else {
      const { from, to } = wordsAt(text, 20, 3);
      text.format(from, to - from, { deletion: { id } });
    }
  });
}

/**
 * Writes `reviewLoad.suggestions` suggestions, taking turns between the two `people`,
 * each through their own live connection, and waits until the server holds them all.
 */
export async function addSuggestions(server: RunningServer, procurementId: string, people: readonly [Person, Person]): Promise<void> {
  const members = await Promise.all(people.map((person) => joinLive(server.url, procurementId, person)));
  const closes: string[] = [];
  members.forEach((member, i) =>
    member.provider.on('connection-close', (event) => {
      if (event) closes.push(`${people[i]!.user.name}'s connection closed: ${event.code} ${event.reason}`);
    }),
  );
  try {
    for (let j = 0; j < reviewLoad.suggestions; j++) suggest(members[j % 2]!, people[j % 2]!, j);
    // The barrier: the server's own copy of the document holds every one.
    const held = () => server.engine.readDocument(procurementId, (doc) => suggestionIdsIn(doc).size);
    const deadline = Date.now() + 60_000;
    let count = await held();
    while (count < reviewLoad.suggestions && closes.length === 0 && Date.now() < deadline) {
      await sleep(100);
      count = await held();
    }
    if (count !== reviewLoad.suggestions) {
      throw new Error(`the server holds ${count} of ${reviewLoad.suggestions} suggestions${closes.length ? `: ${closes.join('; ')}` : ''}`);
    }
  } finally {
    for (const member of members) {
      member.provider.destroy();
      member.doc.destroy();
    }
  }
}
