/**
 * Requirement numbers given by the server to requirements added at the same moment by
 * two people: distinct, recorded, and the same in every browser.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { requirementAttributes, requirementElements, specificationOf } from '../../shared/doc-layout.js';
import { requirement } from '../../shared/spec-builders.js';
import { connectClient, waitFor, waitForSync, type TestClient } from './support/clients.js';
import { startDemoWorld, type DemoWorld } from './support/demo-world.js';

let world: DemoWorld;
const clients: TestClient[] = [];
beforeAll(async () => {
  world = await startDemoWorld();
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await world.server.remove();
});

const numbers = (client: TestClient) => requirementElements(specificationOf(client.doc)).map((e) => requirementAttributes(e).number);

it('numbers requirements added at the same moment distinctly, once, and for everyone', async () => {
  const hackney = connectClient(world.server.collabUrl, world.procurementId, { headers: world.lead.liveHeaders() });
  const camden = connectClient(world.server.collabUrl, world.procurementId, { headers: world.editor.liveHeaders() });
  clients.push(hackney, camden);
  await Promise.all([waitForSync(hackney), waitForSync(camden)]);
  expect(numbers(hackney)).toEqual([1, 2, 3, 4, 5, 6]);

  // Both add one in the same turn, without a number.
  specificationOf(hackney.doc).insert(0, [requirement({ number: null, priority: 'must' }, ['From Hackney'])]);
  specificationOf(camden.doc).insert(0, [requirement({ number: null, priority: 'should' }, ['From Camden'])]);

  await waitFor(() => numbers(hackney).every((n) => n !== null) && numbers(hackney).length === 8, { what: 'numbers at Hackney' });
  await waitFor(() => JSON.stringify(numbers(camden)) === JSON.stringify(numbers(hackney)), { what: 'the same numbers at Camden' });
  expect(new Set(numbers(hackney))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8]));
  const recorded = world.server.db.sqlite
    .prepare('SELECT number FROM requirement_numbers WHERE procurement_id = ? ORDER BY number')
    .all(world.procurementId) as { number: number }[];
  expect(recorded.map((r) => r.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  // The numbering was written by the server, not by either person.
  const authors = world.server.db.sqlite
    .prepare('SELECT author_id AS a FROM document_updates WHERE document = ? ORDER BY seq DESC LIMIT 1')
    .get(world.procurementId);
  expect(authors).toEqual({ a: null });
});
