/**
 * One member cannot exhaust the server: a cap on each person's live connections, a
 * budget for full-state answers, a pause for someone whose input is refused again and
 * again, a size limit per document, a bounded statement cache, and permission checked
 * before expensive work.
 */
import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/close-codes.js';
import { liveMessageType, type LiveEvent } from '../../shared/live-messages.js';
import { inList } from '../src/db/database.js';
import { encodeSyncMessage, SyncStep } from '../src/collab/protocol.js';
import type { ApiClient } from './support/api.js';
import { clientPool, barrier, connectClient, waitFor, waitForSync, type TestClient } from './support/clients.js';
import { startDemoWorld, type DemoWorld } from './support/demo-world.js';
import { openRawSocket } from './support/raw-socket.js';
import type { TestServerOptions } from './support/test-server.js';

let world: DemoWorld | null = null;
const clients = clientPool();
afterEach(async () => {
  clients.closeAll();
  await world?.server.remove();
  world = null;
});

async function start(options: TestServerOptions = {}): Promise<DemoWorld> {
  world = await startDemoWorld(options);
  return world;
}

function live(w: DemoWorld, api: ApiClient, options: { events?: LiveEvent[] } = {}): TestClient {
  const client = connectClient(w.server.collabUrl, w.procurementId, {
    headers: api.liveHeaders(),
    connect: false,
    params: { client: 'jointly' },
  });
  const handlers = client.provider.messageHandlers as unknown as ((e: unknown, d: decoding.Decoder) => void)[];
  handlers[liveMessageType.event] = (_encoder, decoder) => options.events?.push(JSON.parse(decoding.readVarString(decoder)) as LiveEvent);
  handlers[liveMessageType.saved] = (_encoder, decoder) => {
    decoding.readVarUint(decoder);
    decoding.readVarUint(decoder);
  };
  client.provider.connect();
  clients.adopt(client);
  return client;
}

const forgeryOf = (victim: Y.Doc) => {
  const forger = new Y.Doc();
  Y.applyUpdate(forger, Y.encodeStateAsUpdate(victim));
  forger.clientID = victim.clientID;
  let update: Uint8Array | null = null;
  forger.on('update', (u: Uint8Array) => (update = u));
  forger.getText('notes').insert(0, 'Forged. ');
  return update!;
};

describe('live connections per person', () => {
  it('the next one past the cap is refused with a message; others and a freed place are unaffected', async () => {
    const w = await start({ limits: { maxConnectionsPerUser: 3 } });
    const tabs = [live(w, w.lead), live(w, w.lead), live(w, w.lead)];
    await Promise.all(tabs.map((tab) => waitForSync(tab)));
    const oneTooMany = live(w, w.lead);
    await waitFor(() => oneTooMany.closes.some((c) => c.code === CloseCode.tooManyConnections), { what: 'the refusal' });
    expect(oneTooMany.closes.at(-1)?.reason).toMatch(/too many Jointly tabs/);
    oneTooMany.destroy();

    const tom = live(w, w.editor);
    await waitForSync(tom);
    tabs[0]!.destroy();
    const again = live(w, w.lead);
    await waitForSync(again);
  });
});

describe('full-state answers', () => {
  it('a connection that keeps asking for the whole document is closed after its budget', async () => {
    // Every answer counts here (the demo document is smaller than the free size).
    const w = await start({ limits: { syncAnswerBurst: 5, syncAnswerEveryMs: 60_000, syncAnswerFreeBytes: 0 } });
    const raw = await openRawSocket(`${w.server.collabUrl}/${w.procurementId}`, w.lead.liveHeaders());
    const answers = () => raw.messages.filter((m) => m[0] === 0 && m[1] === SyncStep.step2).length;
    for (let i = 0; i < 5; i++) raw.send(encodeSyncMessage(SyncStep.step1, new Uint8Array([0])));
    await waitFor(() => answers() === 5, { what: 'five whole documents' });
    raw.send(encodeSyncMessage(SyncStep.step1, new Uint8Array([0])));
    expect((await raw.closed).code).toBe(CloseCode.tooFrequent);
    expect(answers()).toBe(5);
  });
});

describe('someone whose changes are refused again and again', () => {
  it('is turned away for a while, without a reload of the document for each attempt; others carry on', async () => {
    const w = await start({ limits: { maxRefusalsPerUser: 3, refusalBlockMs: 60_000 } });
    const priya = live(w, w.lead);
    await waitForSync(priya);
    priya.doc.getText('notes').insert(0, 'Mine.');
    await barrier(priya);
    for (let i = 0; i < 3; i++) {
      const raw = await openRawSocket(`${w.server.collabUrl}/${w.procurementId}`, w.editor.liveHeaders());
      raw.send(encodeSyncMessage(SyncStep.update, forgeryOf(priya.doc)));
      expect((await raw.closed).code).toBe(CloseCode.forgedAuthor);
    }
    const turnedAway = await openRawSocket(`${w.server.collabUrl}/${w.procurementId}`, w.editor.liveHeaders());
    expect((await turnedAway.closed).code).toBe(CloseCode.refusedForAWhile);
    expect(w.server.logs.filter((line) => line.includes('room-reloaded'))).toEqual([]);

    // Priya is not affected; Tom is welcome again once the pause is over.
    priya.doc.getText('notes').insert(0, 'Still. ');
    await barrier(priya);
    expect(priya.closes).toEqual([]);
    w.server.clock.advance(60_001);
    const tom = live(w, w.editor);
    await waitForSync(tom);
    expect(tom.doc.getText('notes').toString()).toBe('Still. Mine.');
  });
});

describe('the size of a document', () => {
  it('tells everyone when it nears the limit, and refuses the change that would pass it', async () => {
    const w = await start({ limits: { maxDocumentBytes: 60_000, documentSizeWarning: 0.8 } });
    const events: LiveEvent[] = [];
    const watcher = live(w, w.viewer, { events });
    const writer = live(w, w.lead);
    await Promise.all([waitForSync(watcher), waitForSync(writer)]);
    const rows = () => (w.server.db.sqlite.prepare('SELECT count(*) AS n FROM document_updates').get() as { n: number }).n;

    const chunk = 'x'.repeat(4_000);
    while (!events.some((e) => e.type === 'document-size')) {
      writer.doc.getText('filler').insert(0, chunk);
      await barrier(writer);
      expect(writer.closes).toEqual([]);
    }
    const warning = events.find((e) => e.type === 'document-size') as Extract<LiveEvent, { type: 'document-size' }>;
    expect(warning.limit).toBe(60_000);
    expect(warning.bytes).toBeGreaterThanOrEqual(48_000);

    const before = rows();
    writer.doc.getText('filler').insert(0, 'y'.repeat(20_000));
    await waitFor(() => writer.closes.some((c) => c.code === CloseCode.documentTooLarge), { what: 'the refusal' });
    expect(rows()).toBe(before);
    await barrier(watcher);
    expect(watcher.doc.getText('filler').toString()).not.toContain('y');
  });
});

describe('the database layer', () => {
  it('keeps its prepared-statement cache bounded', async () => {
    const w = await start();
    for (let i = 0; i < 700; i++) w.server.db.prepare(`SELECT ${i} AS n`).get();
    expect(w.server.db.cachedStatements).toBeLessThanOrEqual(500);
  });

  it('builds the same SQL text however many values a list holds', async () => {
    const w = await start();
    const text = (ids: string[]) => w.server.db.kysely.selectFrom('users').select('id').where(inList('id', ids)).compile().sql;
    expect(text(['a'])).toBe(text(['a', 'b', 'c', 'd']));
  });
});

describe('permission before expensive work', () => {
  it('a viewer asking to name a version is refused before anything is rebuilt', async () => {
    const w = await start();
    // A version that does not exist would be a 400 after the rebuild; the viewer hears 403 first.
    const answer = await w.viewer.post(`/api/procurements/${w.procurementId}/history/named`, { seq: 999_999, name: 'Mine' });
    expect(answer.status).toBe(403);
  });
});
