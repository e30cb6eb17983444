/**
 * The summary of preliminary market engagement for the tender notice (Procurement Act
 * 2023, sections 16–17), against the demo server: every activity with its date, its
 * suppliers and what was disclosed, in Word and Markdown; a warning on anything shared
 * with some suppliers and not yet disclosed to all, gone once it is; activities recorded
 * before these fields existed; what suppliers were told, found by search; and downloads
 * for every member, none for anyone else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { engagementOf } from '../../shared/doc-layout.js';
import { preliminaryEngagementDocx } from '../src/export/docx-records.js';
import { preliminaryEngagementMarkdown } from '../src/export/markdown-documents.js';
import { loadEngagementRecord } from '../src/export/sources.js';
import type { ApiClient } from './support/api.js';
import { startDemoWorld, type DemoWorld } from './support/demo-world.js';
import { documentXml, paragraphs, tableRowsAfter, textOf } from './support/docx.js';

/** The day the open day's information was disclosed to all, as typed in and as the summary shows it. */
const disclosedOn = { stored: '2026-11-20', shown: '20 November 2026' };

let world: DemoWorld;
let id: string;

beforeAll(async () => {
  world = await startDemoWorld();
  id = world.procurementId;
});
afterAll(async () => {
  await world.server.remove();
});

/** Writes a change into the live document as Hackney's lead, through the engine like a browser's edit. */
async function edit(change: (doc: Y.Doc) => void): Promise<void> {
  const state = await world.server.engine.readDocument(id, (doc) => Y.encodeStateAsUpdate(doc));
  const local = new Y.Doc();
  Y.applyUpdate(local, state);
  const before = Y.encodeStateVector(local);
  change(local);
  await world.server.engine.submit(id, Y.encodeStateAsUpdate(local, before), world.userIds.lead, { reason: 'edit' });
  local.destroy();
}

const activity = (doc: Y.Doc, title: string) =>
  engagementOf(doc)
    .toArray()
    .find((e) => (e.get('title') as Y.Text).toString() === title)!;

const questionnaire = '1. Market sounding questionnaire on repairs systems';
const openDay = '2. Open day for suppliers at 5 Pancras Square';
const warning = 'Shared with some suppliers and not yet disclosed to all potential bidders (Procurement Act 2023, sections 16 and 17).';

const load = () => loadEngagementRecord(world.server.services, id);

describe('the summary of preliminary market engagement', () => {
  it('lists each activity with its date, suppliers and what was disclosed, and warns of what is not yet disclosed (Word)', async () => {
    const xml = await documentXml(await preliminaryEngagementDocx(await load()));
    const text = textOf(xml);
    expect(text).toContain('Preliminary market engagement');
    expect(text).toContain('2 engagement activities; 1 not yet disclosed to all potential bidders.');
    expect(
      paragraphs(xml)
        .filter((p) => p.style === 'Heading1')
        .map((p) => p.text),
    ).toEqual([questionnaire, openDay]);

    const disclosed = tableRowsAfter(xml, questionnaire);
    expect(disclosed.map(([label]) => label)).toEqual([
      'Type',
      'Date',
      'Suppliers',
      'Shared with suppliers',
      'Unfair advantage',
      'What was done',
      'Disclosed to all potential bidders',
    ]);
    expect(disclosed[2]![1]).toBe('Keystone Housing Systems, Brightfix Software, Tenancy Cloud Ltd (SME), Civic Works Digital (SME)');
    expect(disclosed[4]![1]).toBe('Yes');
    expect(disclosed[6]![1]).toMatch(/^Yes, on \d{1,2} [A-Z][a-z]+ \d{4}$/);

    const flagged = tableRowsAfter(xml, openDay);
    expect(flagged[3]![1]).toBe('Camden’s and Hackney’s yearly repair volumes, and the planned date of the tender notice.');
    expect(flagged[6]).toEqual(['Disclosed to all potential bidders', 'Not yet']);
    // The warning stands under the flagged activity only.
    const warnings = text.split('\n').filter((line) => line.includes(warning));
    expect(warnings).toEqual([`Warning: ${warning}`]);
    expect(text.indexOf(warning)).toBeGreaterThan(text.lastIndexOf(openDay));
  });

  it('says the same in Markdown, and drops the warning once the information is disclosed to all', async () => {
    const before = preliminaryEngagementMarkdown(await load());
    expect(before).toContain('# Preliminary market engagement');
    expect(before).toContain(`## ${openDay}`);
    expect(before).toContain('- **Suppliers:** Keystone Housing Systems, Brightfix Software, Tenancy Cloud Ltd (SME)\n');
    expect(before).toContain(`> **Warning:** ${warning}`);
    expect(before).toContain('- **Disclosed to all potential bidders:** Not yet');

    await edit((doc) => {
      const day = activity(doc, 'Open day for suppliers at 5 Pancras Square');
      day.set('disclosed', true);
      day.set('disclosedOn', disclosedOn.stored);
    });
    const after = preliminaryEngagementMarkdown(await load());
    expect(after).not.toContain('Warning');
    expect(after).toContain(`- **Disclosed to all potential bidders:** Yes, on ${disclosedOn.shown}`);
    expect(after).toContain('2 engagement activities; nothing waiting to be disclosed to all potential bidders.');
  });

  it('reads an activity recorded before these fields existed as not yet assessed, and never flags it', async () => {
    await edit((doc) => {
      const old = new Y.Map<unknown>();
      engagementOf(doc).push([old]);
      old.set('id', 'recordedbefore1');
      old.set('type', 'one-to-one');
      old.set('date', '2026-08-03');
      old.set('title', new Y.Text('Call with Civic Works Digital'));
      old.set('suppliers', Y.Array.from(['Civic Works Digital']));
    });
    const markdown = preliminaryEngagementMarkdown(await load());
    expect(markdown).toContain('## 1. Call with Civic Works Digital');
    expect(markdown).toContain('- **Shared with suppliers:** Nothing recorded');
    expect(markdown).toContain('- **Unfair advantage:** Not yet assessed');
    expect(markdown).toContain('3 engagement activities; nothing waiting to be disclosed to all potential bidders; 1 not yet assessed');
    expect(markdown).not.toContain('Warning');
  });
});

describe('search', () => {
  it('finds an activity by what suppliers were told and what was done about it', async () => {
    await world.server.services.search.indexer.flush();
    for (const q of ['yearly repair volumes', 'expected value procurement pages']) {
      const response = await world.viewer.get(`/api/search?q=${encodeURIComponent(q)}`);
      expect(response.status).toBe(200);
      expect(response.body.results[0], q).toMatchObject({ kind: 'engagement' });
    }
  });
});

describe('its downloads', () => {
  const get = (client: ApiClient | null, path: string) =>
    fetch(`${world.server.url}${path}`, { headers: client?.cookie ? { cookie: client.cookie } : {} });

  it('are for every member, viewers included, as Word and Markdown; others get 404', async () => {
    const base = `/api/procurements/${id}/export`;
    const word = await get(world.viewer, `${base}/preliminary-engagement.docx`);
    expect(word.status).toBe(200);
    expect(word.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(word.headers.get('content-disposition')).toBe('attachment; filename="JP-2026-014-preliminary-market-engagement.docx"');
    expect(textOf(await documentXml(Buffer.from(await word.arrayBuffer())))).toContain('Open day for suppliers at 5 Pancras Square');
    const markdown = await get(world.editor, `${base}/preliminary-engagement.md`);
    expect(markdown.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(await markdown.text()).toContain('# Preliminary market engagement');
    expect((await get(world.outsider, `${base}/preliminary-engagement.md`)).status).toBe(404);
    expect((await get(null, `${base}/preliminary-engagement.docx`)).status).toBe(401);
  });
});
