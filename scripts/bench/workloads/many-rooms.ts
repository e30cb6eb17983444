/**
 * Many rooms: hundreds of rooms, each with a document of about 20 KB, all opened at once
 * with one client each. Measures the time to open them all, the server's RSS per open
 * room, and what it still holds once everyone has left and the grace period has passed.
 */
import type * as Y from 'yjs';
import type { BenchClient } from '../clients.js';
import { oursGraceMs } from '../protocol.js';
import { inBatches, now, sleep } from '../wait.js';
import { confirmContent, whenDoc, type Workload } from './common.js';

/** Text is written in pieces of this size, so each document is built from many updates. */
const pieceBytes = 1000;

export const manyRooms: Workload = async ({ target, kit, sizes, starter, control }) => {
  const { rooms: roomCount, bytesPerRoom } = sizes.manyRooms;
  const pieces = Math.max(1, Math.round(bytesPerRoom / pieceBytes));
  const textLength = pieces * pieceBytes;
  const full = (doc: Y.Doc) => doc.getText('body').length >= textLength;
  const piece = 'x'.repeat(pieceBytes - 1) + '\n';

  // The in-memory server keeps every document from its seeding on, so its baseline is
  // its memory before any room existed.
  const persistent = target.kind !== 'ref';
  let rssBefore = persistent ? 0 : await control.rss();

  const rooms: string[] = [];
  await inBatches(
    Array.from({ length: roomCount }, (_, i) => i),
    8,
    async (i) => {
      rooms[i] = await kit.newRoom(`rooms-${i}`);
    },
  );
  await inBatches(rooms, 20, async (room) => {
    const seeder = kit.connect(room);
    try {
      await seeder.synced();
      // Our rooms start with the starter document; the peers' rooms get the same one.
      if (target.kind !== 'ours') seeder.apply(starter);
      const text = seeder.doc.getText('body');
      for (let p = 0; p < pieces; p++) text.insert(text.length, piece);
      await confirmContent(kit, room, full, 60_000);
    } finally {
      seeder.destroy();
    }
  });

  if (persistent) {
    // A fresh process: the rooms are on disk only, and nothing of the seeding is in memory.
    await control.restart();
    await sleep(1000);
    rssBefore = await control.rss();
  }

  const started = now();
  const clients: BenchClient[] = rooms.map((room) => kit.connect(room));
  let openSeconds: number;
  let rssOpen: number;
  let roomsOpen: number;
  try {
    const opened = await Promise.all(clients.map((c, i) => whenDoc(c.doc, full, 120_000, `room ${rooms[i]} to open`)));
    openSeconds = (Math.max(...opened) - started) / 1000;
    await sleep(1000);
    rssOpen = await control.rss();
    roomsOpen = await control.rooms();
  } finally {
    for (const client of clients) client.destroy();
  }

  // Wait for the server to let the rooms go: our grace period, Hocuspocus's store and
  // unload. The in-memory server never lets go, so this waits out the whole limit for it.
  const leftAt = now();
  const limitMs = Math.max(15_000, oursGraceMs * 5);
  let roomsAfter = await control.rooms();
  while (roomsAfter > 0 && now() - leftAt < limitMs) {
    await sleep(250);
    roomsAfter = await control.rooms();
  }
  const releaseSeconds = roomsAfter === 0 ? (now() - leftAt) / 1000 : null;
  await sleep(3000);
  const rssAfter = await control.rss();

  const perRoomKb = (bytes: number) => bytes / roomCount / 1024;
  return {
    'rooms.openSeconds': openSeconds,
    'rooms.rssPerRoomKb': perRoomKb(rssOpen - rssBefore),
    'rooms.rssAfterPerRoomKb': perRoomKb(rssAfter - rssBefore),
    'rooms.inMemoryWhileOpen': roomsOpen,
    'rooms.inMemoryAfter': roomsAfter,
    'rooms.releaseSeconds': releaseSeconds,
    'rooms.rssBeforeMb': rssBefore / 1024 / 1024,
  };
};
