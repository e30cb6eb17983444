/**
 * Clients spread over several servers of one setup: each new client connects to the next
 * server in turn, so clients of one room sit on different servers and every edit crosses
 * between them. Rooms made beforehand (our procurements, which cannot be created while
 * documents are on PostgreSQL) are handed out in order.
 */
import { clientKit, type ClientKit } from './clients.js';
import type { Spread } from './protocol.js';

export async function spreadKit(spread: Spread): Promise<ClientKit> {
  if (spread.targets.length === 0) throw new Error('a spread needs at least one server');
  // One kit per server: ours signs in on each, since sessions live in each server's SQLite.
  const kits = await Promise.all(spread.targets.map((target) => clientKit(target)));
  const rooms = spread.rooms ? [...spread.rooms] : null;
  let connected = 0;
  return {
    newRoom: async (label) => {
      if (!rooms) return kits[0]!.newRoom(label);
      const room = rooms.shift();
      if (room === undefined) throw new Error(`no room made beforehand is left for ${label}`);
      return room;
    },
    connect: (room) => kits[connected++ % kits.length]!.connect(room),
  };
}
