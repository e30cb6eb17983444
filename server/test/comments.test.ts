/**
 * Comment threads over the API and the live document: a thread about the text is
 * anchored by the server (a viewer's too, without write access), the anchor stays with
 * its text while others type around and inside it, goes with the text when it is deleted
 * and comes back with a restore; comments are no edits (no version, the signed-off hash
 * unchanged); only the author changes a comment, only the starter or an editor resolves;
 * bad input is refused with nothing stored; outsiders find nothing.
 */
import { writeFileSync } from 'node:fs';
import JSZip from 'jszip';
import * as buffer from 'lib0/buffer';
import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CommentThread } from '../../shared/comments.js';
import { decisionsOf, requirementElements, specificationOf } from '../../shared/doc-layout.js';
import type { Timeline } from '../../shared/history.js';
import { liveMessageType } from '../../shared/live-messages.js';
import { anchorAttribute } from '../src/comments/anchor.js';
import { barrier, connectClient, waitFor, waitForSync, type TestClient } from './support/clients.js';
import { startDemoWorld, type DemoWorld } from './support/demo-world.js';

const pauseMs = 60_000;
let world: DemoWorld;
let path: string;
let hackney: TestClient;
let camden: TestClient;
const events: { type: string; threadId?: string }[] = [];

beforeAll(async () => {
  world = await startDemoWorld({ config: { historyPauseMs: pauseMs } });
  path = `/api/procurements/${world.procurementId}`;
  hackney = connectClient(world.server.collabUrl, world.procurementId, {
    headers: world.lead.liveHeaders(),
    params: { client: 'jointly' },
  });
  camden = connectClient(world.server.collabUrl, world.procurementId, { headers: world.editor.liveHeaders() });
  (hackney.provider.messageHandlers as unknown as ((e: unknown, d: decoding.Decoder) => void)[])[liveMessageType.event] = (_e, decoder) => {
    events.push(JSON.parse(decoding.readVarString(decoder)) as { type: string });
  };
  await Promise.all([waitForSync(hackney), waitForSync(camden)]);
});
afterAll(async () => {
  hackney.destroy();
  camden.destroy();
  await world.server.remove();
});

/** The text of the demo's n-th requirement, in `client`'s copy of the document. */
const requirementText = (client: TestClient, n: number) =>
  (requirementElements(specificationOf(client.doc))[n]!.get(0) as Y.XmlElement).get(0) as Y.XmlText;
const position = (text: Y.XmlText, index: number) =>
  buffer.toBase64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, index)));
/** The characters of `text`, without the formatting that `toString()` shows as tags. */
const plain = (text: Y.XmlText) =>
  (text.toDelta() as { insert: unknown }[]).map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('');
/** The selection of `words` in `text`, as a browser sends it. */
function selectionOf(text: Y.XmlText, words: string) {
  const at = plain(text).indexOf(words);
  if (at === -1) throw new Error(`"${words}" is not in "${plain(text)}"`);
  return { kind: 'text', start: position(text, at), end: position(text, at + words.length) };
}
/** The text under `threadId`'s anchor in `text`, as `client` sees it. */
const anchoredIn = (text: Y.XmlText, threadId: string) =>
  (text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[])
    .filter((op) => op.attributes?.[anchorAttribute(threadId)])
    .map((op) => op.insert)
    .join('');
const threadCount = () => (world.server.db.sqlite.prepare('SELECT count(*) AS n FROM comment_threads').get() as { n: number }).n;

describe('a thread about the text', () => {
  it('is anchored by the server on the selected words, for everyone, and quoted as they were', async () => {
    const text = requirementText(hackney, 0);
    const words = plain(text).split(' ').slice(1, 4).join(' ');
    const started = await world.lead.post<CommentThread>(`${path}/comments/threads`, {
      target: selectionOf(text, words),
      body: 'Camden, does this match your process? @Camden',
      mentions: [{ kind: 'borough', id: 'camden' }],
    });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({
      subject: { kind: 'specification' },
      quote: words,
      createdBy: { name: 'Priya Shah', borough: { name: 'Hackney' } },
      resolved: null,
      comments: [{ body: 'Camden, does this match your process? @Camden', mentions: [{ kind: 'borough', id: 'camden', name: 'Camden' }] }],
    });
    const id = started.body.id;
    await waitFor(() => anchoredIn(requirementText(camden, 0), id) === words, { what: 'the anchor at Camden' });
    await waitFor(() => events.some((e) => e.type === 'comments-changed' && e.threadId === id), { what: 'the live event' });
  });

  it('stays on its words while others type before, inside and after them, and goes with them when deleted', async () => {
    const text = requirementText(hackney, 1);
    const words = plain(text).slice(4, 14);
    const id = (await world.editor.post<CommentThread>(`${path}/comments/threads`, { target: selectionOf(text, words), body: 'Why?' })).body
      .id;
    await waitFor(() => anchoredIn(requirementText(camden, 1), id) === words, { what: 'the anchor' });
    // Both type at once: Hackney before and after, Camden inside.
    const atCamden = requirementText(camden, 1);
    text.insert(0, 'Before. ');
    text.insert(text.length, ' After.');
    atCamden.insert(plain(atCamden).indexOf(words) + 3, '[typed inside]');
    await Promise.all([barrier(hackney), barrier(camden)]);
    await waitFor(() => plain(requirementText(hackney, 1)) === plain(requirementText(camden, 1)), { what: 'agreement' });
    expect(anchoredIn(requirementText(hackney, 1), id)).toBe(`${words.slice(0, 3)}[typed inside]${words.slice(3)}`);
    // The words deleted: the thread stays, quoting them; its anchor is gone from the text.
    const now = requirementText(hackney, 1);
    now.delete(plain(now).indexOf(words.slice(0, 3)), words.length + '[typed inside]'.length);
    await barrier(hackney);
    expect(anchoredIn(requirementText(hackney, 1), id)).toBe('');
    expect((await world.viewer.get<CommentThread>(`${path}/comments/threads/${id}`)).body.quote).toBe(words);
  });

  it('is anchored for a viewer, who cannot edit, and is no edit: no version, the signed-off content unchanged', async () => {
    world.server.clock.advance(pauseMs + 1);
    const named = await world.lead.post(`${path}/history/named`, {
      seq: (await world.lead.get(`${path}/history/named`)).body.latestSeq,
      name: 'Before comments',
    });
    expect(named.status).toBe(201);
    const signed = await world.lead.post(`${path}/history/named/${named.body.id}/signoff`, {
      specificationHash: named.body.specificationHash,
    });
    expect(signed.status).toBe(201);
    const versionsBefore = (await world.viewer.get<Timeline>(`${path}/history`)).body.total;
    world.server.clock.advance(pauseMs + 1);

    const text = requirementText(hackney, 2);
    const words = plain(text).slice(0, 12);
    const byViewer = await world.viewer.post<CommentThread>(`${path}/comments/threads`, {
      target: selectionOf(text, words),
      body: 'Islington asks: how is this measured?',
    });
    expect(byViewer.status).toBe(201);
    expect(byViewer.body.createdBy).toMatchObject({ name: 'Maria Costa', borough: { name: 'Islington' } });
    await waitFor(() => anchoredIn(requirementText(hackney, 2), byViewer.body.id) === words, { what: 'the anchor' });

    const history = (await world.viewer.get<Timeline>(`${path}/history`)).body;
    expect(history.total).toBe(versionsBefore);
    const signoffs = (await world.lead.get(`${path}/history/named`)).body.signoffs as { boroughId: string; changedSince: boolean }[];
    expect(signoffs.find((s) => s.boroughId === 'hackney')).toMatchObject({ changedSince: false });
  });

  it('comes back with its text when a version from before the deletion is restored', async () => {
    const text = requirementText(hackney, 3);
    const words = plain(text).slice(0, 8);
    const id = (await world.lead.post<CommentThread>(`${path}/comments/threads`, { target: selectionOf(text, words), body: 'Keep this.' }))
      .body.id;
    await waitFor(() => anchoredIn(requirementText(hackney, 3), id) === words, { what: 'the anchor' });
    const seq = (await world.lead.get(`${path}/history/named`)).body.latestSeq as number;
    requirementText(hackney, 3).delete(0, 8);
    await barrier(hackney);
    expect(anchoredIn(requirementText(hackney, 3), id)).toBe('');
    expect((await world.lead.post(`${path}/history/restore`, { seq })).status).toBe(200);
    await waitFor(() => anchoredIn(requirementText(hackney, 3), id) === words, { what: 'the anchor restored' });
  });
});

describe('threads about an activity or an option, replies and changes', () => {
  let threadId: string;
  let decisionId: string;
  let optionId: string;

  beforeAll(() => {
    const decision = decisionsOf(hackney.doc).get(0);
    decisionId = decision.get('id') as string;
    optionId = (decision.get('options') as Y.Array<Y.Map<unknown>>).get(1).get('id') as string;
  });

  it('quote the option, take replies with mentions, and only the author edits or deletes a comment', async () => {
    const started = await world.editor.post<CommentThread>(`${path}/comments/threads`, {
      target: { kind: 'decision-option', decisionId, optionId },
      body: 'Camden prefers this one.',
    });
    expect(started.status).toBe(201);
    expect(started.body.quote).toBe('One procedure run jointly by all the boroughs');
    threadId = started.body.id;
    const replied = await world.lead.post<CommentThread>(`${path}/comments/threads/${threadId}/comments`, {
      body: '@Tom Okafor can you say why?',
      mentions: [{ kind: 'person', id: world.userIds.editor }],
    });
    expect(replied.body.comments.map((c) => c.author.name)).toEqual(['Tom Okafor', 'Priya Shah']);
    const [first, second] = replied.body.comments;
    expect(
      (await world.lead.patch(`${path}/comments/threads/${threadId}/comments/${first!.id}`, { body: 'Changed by someone else' })).status,
    ).toBe(403);
    expect((await world.lead.delete(`${path}/comments/threads/${threadId}/comments/${first!.id}`)).status).toBe(403);
    const edited = await world.lead.patch<CommentThread>(`${path}/comments/threads/${threadId}/comments/${second!.id}`, {
      body: 'Tom, why this one?',
    });
    expect(edited.body.comments[1]).toMatchObject({ body: 'Tom, why this one?', mentions: [] });
    expect(edited.body.comments[1]!.editedAt).not.toBeNull();
    const deleted = await world.lead.delete<CommentThread>(`${path}/comments/threads/${threadId}/comments/${second!.id}`);
    expect(deleted.body.comments[1]).toMatchObject({ deleted: true, body: '' });
  });

  it('are resolved by their starter or an editor, not by a viewer who did not start them', async () => {
    expect((await world.viewer.post(`${path}/comments/threads/${threadId}/resolve`)).status).toBe(403);
    const resolved = await world.lead.post<CommentThread>(`${path}/comments/threads/${threadId}/resolve`);
    expect(resolved.body.resolved).toMatchObject({ by: { name: 'Priya Shah' } });
    expect((await world.lead.post(`${path}/comments/threads/${threadId}/resolve`)).status).toBe(409);
    expect((await world.editor.post<CommentThread>(`${path}/comments/threads/${threadId}/reopen`)).body.resolved).toBeNull();
    // A viewer resolves a thread they started.
    const own = await world.viewer.post<CommentThread>(`${path}/comments/threads`, {
      target: { kind: 'decision-option', decisionId, optionId },
      body: 'A question.',
    });
    expect((await world.viewer.post(`${path}/comments/threads/${own.body.id}/resolve`)).status).toBe(200);
  });

  it('go, anchor and all, with their last comment', async () => {
    const text = requirementText(hackney, 0);
    const words = plain(text).slice(0, 6);
    const id = (await world.editor.post<CommentThread>(`${path}/comments/threads`, { target: selectionOf(text, words), body: 'Oops.' }))
      .body.id;
    await waitFor(() => anchoredIn(requirementText(hackney, 0), id) === words, { what: 'the anchor' });
    const first = (await world.editor.get<CommentThread>(`${path}/comments/threads/${id}`)).body.comments[0]!;
    expect((await world.editor.delete(`${path}/comments/threads/${id}/comments/${first.id}`)).status).toBe(204);
    expect((await world.editor.get(`${path}/comments/threads/${id}`)).status).toBe(404);
    await waitFor(() => anchoredIn(requirementText(hackney, 0), id) === '', { what: 'the anchor gone' });
  });
});

describe('bad input and outsiders', () => {
  it('refuses malformed or impossible threads with a clear error, storing nothing', async () => {
    const text = requirementText(hackney, 0);
    const before = threadCount();
    const decision = decisionsOf(hackney.doc).get(0);
    for (const [body, message] of [
      [{ target: selectionOf(text, plain(text).slice(0, 4)), body: '   ' }, /Write your comment/],
      [{ target: { kind: 'text', start: '!!not base64!!', end: 'AAAA' }, body: 'x' }, /Not a position in the text/],
      [{ target: { kind: 'text', start: position(text, 3), end: position(text, 3) }, body: 'x' }, /Select some text/],
      [{ target: { kind: 'decision-option', decisionId: decision.get('id'), optionId: 'nosuchoption' }, body: 'x' }, /no longer there/],
      [{ target: { kind: 'engagement', entryId: 'x' }, body: 'x'.repeat(5001) }, /5000 characters or fewer/],
      [
        {
          target: selectionOf(text, plain(text).slice(0, 4)),
          body: 'Hello @Sam',
          mentions: [{ kind: 'person', id: world.userIds.outsider }],
        },
        /people and boroughs taking part/,
      ],
      [{ target: selectionOf(text, plain(text).slice(0, 4)), body: 'x', extra: true }, /./],
    ] as const) {
      const refused = await world.lead.post(`${path}/comments/threads`, body);
      expect(refused.status, JSON.stringify(refused.body)).toBe(400);
      expect(JSON.stringify(refused.body.error)).toMatch(message);
    }
    expect(threadCount()).toBe(before);
  });

  it('shows an outsider nothing: every route is a 404', async () => {
    const some = (await world.lead.get<{ threads: CommentThread[] }>(`${path}/comments`)).body.threads[0]!;
    for (const response of [
      await world.outsider.get(`${path}/comments`),
      await world.outsider.get(`${path}/comments/threads/${some.id}`),
      await world.outsider.post(`${path}/comments/threads`, { target: { kind: 'engagement', entryId: 'x' }, body: 'Hi' }),
      await world.outsider.post(`${path}/comments/threads/${some.id}/comments`, { body: 'Hi' }),
      await world.outsider.post(`${path}/comments/threads/${some.id}/resolve`),
    ]) {
      expect(response.status).toBe(404);
    }
  });
});

describe('review in Word', () => {
  /** The specification's Word file as the lead downloads it, unzipped. */
  const wordFile = async (query: string) => {
    const response = await fetch(`${world.server.url}${path}/export/specification.docx${query}`, {
      headers: { cookie: world.lead.cookie! },
    });
    expect(response.status).toBe(200);
    return JSZip.loadAsync(Buffer.from(await response.arrayBuffer()));
  };

  it('carries open threads as Word comments on their text, with author, borough and replies, only when asked', async () => {
    const text = requirementText(hackney, 4);
    const words = plain(text).slice(0, 10);
    const open = await world.editor.post<CommentThread>(`${path}/comments/threads`, {
      target: selectionOf(text, words),
      body: 'Camden’s legal team asks about this.',
    });
    await world.lead.post(`${path}/comments/threads/${open.body.id}/comments`, { body: 'Hackney answers here.' });
    const resolved = await world.lead.post<CommentThread>(`${path}/comments/threads`, {
      target: selectionOf(text, plain(text).slice(12, 20)),
      body: 'Settled already.',
    });
    await world.lead.post(`${path}/comments/threads/${resolved.body.id}/resolve`);
    await waitFor(() => anchoredIn(requirementText(hackney, 4), resolved.body.id) !== '', { what: 'the anchors' });

    const reviewed = await wordFile('?comments=include');
    if (process.env.KEEP_REVIEW_DOCX) writeFileSync(process.env.KEEP_REVIEW_DOCX, await reviewed.generateAsync({ type: 'nodebuffer' }));
    const comments = await reviewed.file('word/comments.xml')!.async('string');
    expect(comments).toContain('w:author="Tom Okafor (Camden)"');
    expect(comments).toContain('Camden’s legal team asks about this.');
    expect(comments).toContain('w:author="Priya Shah (Hackney)"');
    expect(comments).toContain('Hackney answers here.');
    expect(comments).not.toContain('Settled already.');
    const body = await reviewed.file('word/document.xml')!.async('string');
    expect(body).toMatch(/<w:commentRangeStart w:id="\d+"\/>.*<w:t[^>]*>[^<]*<\/w:t>.*<w:commentRangeEnd/);

    const plainFile = await wordFile('');
    expect(plainFile.file('word/comments.xml')).toBeNull();
    expect(await plainFile.file('word/document.xml')!.async('string')).not.toContain('commentRangeStart');
    expect((await world.lead.get(`${path}/export/specification.docx?comments=maybe`)).status).toBe(400);
  });
});
