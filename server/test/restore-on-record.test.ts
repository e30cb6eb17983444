/**
 * A restore is a formal act and a change to the document at once: both are kept in one
 * transaction, or neither is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Timeline } from '../../shared/history.js';
import { startDemoWorld, type DemoWorld } from './support/demo-world.js';

let world: DemoWorld;
let path: string;

beforeAll(async () => {
  world = await startDemoWorld();
  path = `/api/procurements/${world.procurementId}`;
});
afterAll(async () => world.server.remove());

const latestSeq = async () => (await world.lead.get<Timeline>(`${path}/history`)).body.latestSeq;

/** The newest entry of the procurement's record, as stored. */
function newestEntry(): { action: string; details: Record<string, unknown> } {
  const row = world.server.db.sqlite
    .prepare('SELECT entry FROM record_entries WHERE procurement_id = ? ORDER BY position DESC LIMIT 1')
    .get(world.procurementId) as { entry: string };
  const entry = JSON.parse(row.entry) as { action: string; details: Record<string, unknown> };
  return { action: entry.action, details: entry.details };
}

describe('a restore on the record', () => {
  it('is written with the change it makes, naming that change', async () => {
    const response = await world.lead.post<{ latestSeq: number }>(`${path}/history/restore`, { seq: 1 });
    expect(response.status).toBe(200);

    const entries = world.server.db.sqlite
      .prepare('SELECT entry FROM record_entries WHERE procurement_id = ? ORDER BY position')
      .all(world.procurementId) as { entry: string }[];
    const restore = entries.map((e) => JSON.parse(e.entry) as { action: string }).find((e) => e.action === 'specification.restored');
    expect(restore).toMatchObject({ details: { restoredTo: 1, change: response.body.latestSeq } });
  });

  it('is not made when its entry cannot be written: the document stays as it was', async () => {
    const before = await latestSeq();
    const recordBefore = newestEntry();
    world.server.db.sqlite.exec(
      `CREATE TRIGGER test_record_unavailable BEFORE INSERT ON record_entries BEGIN SELECT RAISE(ABORT, 'record unavailable'); END`,
    );
    try {
      const response = await world.lead.post(`${path}/history/restore`, { seq: 2 });
      expect(response.status).toBeGreaterThanOrEqual(500);
    } finally {
      world.server.db.sqlite.exec('DROP TRIGGER test_record_unavailable');
    }

    expect(await latestSeq()).toBe(before);
    expect(newestEntry()).toEqual(recordBefore);
  });
});
