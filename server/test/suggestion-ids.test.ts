/**
 * A suggested change names its author in its id, so nobody may write one in someone
 * else's name: not on text, not on a requirement (a block), not as a late re-send of
 * what was someone else's all along.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/close-codes.js';
import { newSuggestionId } from '../../shared/suggestions.js';
import { encodeSyncMessage, SyncStep } from '../src/collab/protocol.js';
import type { ApiClient } from './support/api.js';
import { barrier, clientPool, connectClient, rawBarrierOrClose, waitFor, waitForSync, type TestClient } from './support/clients.js';
import { startDemoWorld, type DemoWorld } from './support/demo-world.js';
import { openRawSocket } from './support/raw-socket.js';

let world: DemoWorld;
let room: string;
const clients = clientPool();

beforeAll(async () => {
  world = await startDemoWorld({ limits: { maxRefusalsPerUser: 1000 } });
  room = world.procurementId;
});
afterEach(() => clients.closeAll());
afterAll(async () => world.server.remove());

function live(api: ApiClient): TestClient {
  const client = connectClient(world.server.collabUrl, room, { headers: api.liveHeaders() });
  clients.adopt(client);
  return client;
}

const idOf = (userId: string) => newSuggestionId(userId, 1_700_000_000_000, 'abc123');

/** The update `change` makes to a copy of `source` writing under a fresh client id. */
function updateFrom(source: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(source));
  const before = Y.encodeStateVector(copy);
  change(copy);
  return Y.encodeStateAsUpdate(copy, before);
}

async function sendAsCamden(update: Uint8Array): Promise<{ code: number } | null> {
  const raw = await openRawSocket(`${world.server.collabUrl}/${room}`, world.editor.liveHeaders());
  raw.send(encodeSyncMessage(SyncStep.update, update));
  const closed = await rawBarrierOrClose(raw);
  if (!closed) raw.socket.close();
  return closed;
}

describe('suggested changes name their writer', () => {
  it('Camden suggests words in Camden’s name: everyone sees them', async () => {
    const tom = live(world.editor);
    await waitForSync(tom);
    const text = new Y.XmlText();
    text.insert(0, 'by text message', { insertion: { id: idOf(world.userIds.editor) } });
    tom.doc.getXmlFragment('suggestion-probe').insert(0, [text]);
    const reader = live(world.viewer);
    await waitForSync(reader);
    await waitFor(() => reader.doc.getXmlFragment('suggestion-probe').length === 1, { what: 'the suggestion at the reader' });
    const delta = (reader.doc.getXmlFragment('suggestion-probe').get(0) as Y.XmlText).toDelta() as {
      attributes?: { insertion?: { id: string } };
    }[];
    expect(delta[0]?.attributes?.insertion?.id).toBe(idOf(world.userIds.editor));
    expect(tom.closes).toEqual([]);
  });

  it('words suggested in Hackney’s name are refused, stored nowhere and seen by nobody', async () => {
    const reader = live(world.viewer);
    await waitForSync(reader);
    const forged = updateFrom(reader.doc, (doc) => {
      const text = new Y.XmlText();
      text.insert(0, 'forged', { insertion: { id: idOf(world.userIds.lead) } });
      doc.getXmlFragment('forged-text').insert(0, [text]);
    });
    expect((await sendAsCamden(forged))?.code).toBe(CloseCode.forgedAuthor);
    await barrier(reader);
    expect(reader.doc.getXmlFragment('forged-text').length).toBe(0);
  });

  it('a deletion marked in Hackney’s name on existing text is refused', async () => {
    const reader = live(world.viewer);
    await waitForSync(reader);
    const forged = updateFrom(reader.doc, (doc) => {
      const requirement = doc
        .getXmlFragment('specification')
        .toArray()
        .find((n) => n instanceof Y.XmlElement && n.nodeName === 'requirement') as Y.XmlElement;
      const text = (requirement.get(0) as Y.XmlElement).get(0) as Y.XmlText;
      text.format(0, 5, { deletion: { id: idOf(world.userIds.lead) } });
    });
    expect((await sendAsCamden(forged))?.code).toBe(CloseCode.forgedAuthor);
  });

  it('a requirement marked as Hackney’s suggestion is refused', async () => {
    const reader = live(world.viewer);
    await waitForSync(reader);
    const forged = updateFrom(reader.doc, (doc) => {
      const requirement = doc
        .getXmlFragment('specification')
        .toArray()
        .find((n) => n instanceof Y.XmlElement && n.nodeName === 'requirement') as Y.XmlElement;
      requirement.setAttribute('modification', { id: idOf(world.userIds.lead), type: 'attr', attrName: 'priority' } as never);
    });
    expect((await sendAsCamden(forged))?.code).toBe(CloseCode.forgedAuthor);
  });

  it('accepting one of Camden’s suggestions right before another of Camden’s is no forgery, and marks nothing in Camden’s name', async () => {
    const tom = live(world.editor);
    const priya = live(world.lead);
    await Promise.all([waitForSync(tom), waitForSync(priya)]);
    const ids = ['first', 'second'].map((tag) => newSuggestionId(world.userIds.editor, 1_700_000_000_000, tag));
    tom.doc.getXmlFragment('adjacent').insert(0, [new Y.XmlText()]);
    const text = tom.doc.getXmlFragment('adjacent').get(0) as Y.XmlText;
    text.insert(0, 'Tom’s first words', { insertion: { id: ids[0] } });
    text.insert(text.length, ' and his second', { insertion: { id: ids[1] } });
    await barrier(tom);
    await waitFor(() => priya.doc.getXmlFragment('adjacent').length === 1, { what: 'Priya to see Tom’s words' });
    const priyasText = priya.doc.getXmlFragment('adjacent').get(0) as Y.XmlText;
    priyasText.format(0, 'Tom’s first words'.length, { insertion: null });
    await barrier(priya);
    expect(priya.closes).toEqual([]);
    await waitFor(() => (text.toDelta() as unknown[]).length === 2, { what: 'Tom to see the acceptance' });
    expect(text.toDelta()).toEqual([
      { insert: 'Tom’s first words' },
      { insert: ' and his second', attributes: { insertion: { id: ids[1] } } },
    ]);
  });

  it('a late re-send of Hackney’s own suggestion by Camden is not a forgery', async () => {
    const priya = live(world.lead);
    await waitForSync(priya);
    const text = new Y.XmlText();
    text.insert(0, 'Hackney’s words', { insertion: { id: idOf(world.userIds.lead) } });
    priya.doc.getXmlFragment('resent').insert(0, [text]);
    await barrier(priya);
    // Camden's client learnt it (from Priya) and sends everything it has on reconnecting.
    expect(await sendAsCamden(Y.encodeStateAsUpdate(priya.doc))).toBeNull();
  });
});
