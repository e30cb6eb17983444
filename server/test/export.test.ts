/**
 * Exports (issue 7) against a real demo server: the specification as Word, Markdown and
 * HTML (current draft, a named version with its sign-off, each borough's variant without
 * the sections it empties, with or without the sign-off table), the decision log and the
 * engagement record, each read back from the file produced, and the download routes
 * through the real server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { decisionsOf, engagementOf, newEngagement, newFollowUp, specificationOf } from '../../shared/doc-layout.js';
import { paragraph } from '../../shared/spec-builders.js';
import { findUserByEmail } from '../src/auth/users.js';
import { recordPosition } from '../src/decisions/decisions.js';
import { proposalsIn } from '../src/decisions/proposal.js';
import { decisionsDocx, engagementDocx } from '../src/export/docx-records.js';
import { specificationDocx } from '../src/export/docx-specification.js';
import { exportFilename } from '../src/export/format.js';
import { specificationHtml } from '../src/export/html.js';
import { decisionsMarkdown, engagementMarkdown, requirementColumns, specificationMarkdown } from '../src/export/markdown-documents.js';
import { blocksMarkdown } from '../src/export/markdown.js';
import { loadDecisionLog, loadEngagementRecord, loadSpecification, type SpecificationExport } from '../src/export/sources.js';
import { requirementText, runsText, variantFor } from '../src/export/block-queries.js';
import { plainRun, type Block, type TableCell } from '../src/export/content.js';
import { specificationHash } from '../src/history/named.js';
import { requireMembership } from '../src/procurements/access.js';
import type { ApiClient } from './support/api.js';
import { startDemoWorld, type DemoWorld } from './support/demo-world.js';
import { documentXml, paragraphs, tableRowsAfter, textOf } from './support/docx.js';
import { TestClock } from './support/test-clock.js';

let world: DemoWorld;
let id: string;
const fixedNow = new Date('2026-11-25T10:00:00Z');
/** How the exports write `fixedNow`, and the sign-off made below. */
const fixedDate = '25 November 2026';
/**
 * The date of the named version made below: that of its content, the demo's last edit,
 * which its past (demo/past.ts) makes two working days before `fixedNow`.
 */
const namedDate = '23 November 2026';
const signedOffText = 'Signed off by Priya Shah on 21 November 2026 at 3:04pm';

/** Writes a change into the live document as a person, through the engine like a browser's edit. */
async function edit(change: (doc: Y.Doc) => void, userId = world.userIds.lead): Promise<void> {
  const state = await world.server.engine.readDocument(id, (doc) => Y.encodeStateAsUpdate(doc));
  const local = new Y.Doc();
  Y.applyUpdate(local, state);
  const before = Y.encodeStateVector(local);
  change(local);
  await world.server.engine.submit(id, Y.encodeStateAsUpdate(local, before), userId, { reason: 'edit' });
  local.destroy();
}

const load = (options: { versionId?: string; boroughId?: string; signoffs?: boolean } = {}) =>
  loadSpecification(world.server.services, id, options);

/** Splits a Markdown table row on pipes that are not escaped, and undoes the escapes. */
function markdownCells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\(.)/g, '$1'));
}

function markdownTableAfter(markdown: string, heading: string): string[][] {
  const lines = markdown.slice(markdown.indexOf(heading)).split('\n');
  const start = lines.findIndex((l) => l.startsWith('|'));
  const table: string[][] = [];
  for (const line of lines.slice(start)) {
    if (!line.startsWith('|')) break;
    table.push(markdownCells(line));
  }
  return table;
}

const requirementIds = (input: SpecificationExport) => input.requirements.map((r) => r.id);

beforeAll(async () => {
  // The clock stands still at `fixedNow`: every date the exports print is known.
  world = await startDemoWorld({ clock: new TestClock({ start: fixedNow.getTime(), ticking: false }) });
  id = world.procurementId;
}, 60_000);

afterAll(async () => {
  await world?.server.remove();
});

describe('the content model', () => {
  it('reads the demo specification into headings, a list, requirements and a table', async () => {
    const input = await load();
    const types = input.blocks.map((b) => b.type);
    expect(types.slice(0, 4)).toEqual(['heading', 'paragraph', 'heading', 'list']);
    expect(types).toContain('table');
    expect(requirementIds(input)).toEqual(['REQ-001', 'REQ-002', 'REQ-003', 'REQ-004', 'REQ-005', 'REQ-006']);
    const [r5, r6] = [input.requirements[4]!, input.requirements[5]!];
    expect([r5.priority, r5.appliesTo]).toEqual(['could', ['camden']]);
    expect([r6.priority, r6.appliesTo]).toEqual(['must', ['hackney']]);
    expect(requirementText(input.requirements[0]!)).toMatch(/^Residents must be able to report a repair online/);
    expect(input.cover.version).toEqual({ kind: 'current', at: fixedNow.toISOString() });
    expect(input.cover.boroughs.map((b) => [b.name, b.role, b.signoff])).toEqual([
      // Hackney signed off a version in the demo's past; Camden changed the text since.
      ['Hackney', 'lead', expect.objectContaining({ by: 'Priya Shah', changedSince: true })],
      ['Camden', 'partner', null],
      ['Islington', 'observer', null],
    ]);
  });

  it('keeps merged table cells in their columns in Markdown and HTML', () => {
    const cell = (text: string, spans: Partial<TableCell> = {}): TableCell => ({
      header: false,
      colspan: 1,
      rowspan: 1,
      blocks: [{ type: 'paragraph', runs: [plainRun(text)] }],
      ...spans,
    });
    const blocks: Block[] = [
      {
        type: 'table',
        rows: [
          [cell('A', { header: true }), cell('B', { header: true }), cell('C', { header: true })],
          [cell('tall', { rowspan: 2 }), cell('wide', { colspan: 2 })],
          [cell('x'), cell('y')],
        ],
      },
    ];
    expect(blocksMarkdown(blocks, { headingBase: 2, boroughName: (b) => b }).split('\n')).toEqual([
      '| A | B | C |',
      '| --- | --- | --- |',
      '| tall | wide |   |',
      '|   | x | y |',
    ]);
    const input = {
      cover: {
        procurement: { id, title: 'T', reference: '', summary: '', boroughs: [] },
        version: { kind: 'current', at: fixedNow.toISOString() },
        boroughs: [],
        variant: null,
      },
      blocks,
      requirements: [],
      boroughName: (b: string) => b,
    } satisfies SpecificationExport;
    expect(specificationHtml(input)).toContain(
      '<tr><td rowspan="2"><p>tall</p></td><td colspan="2"><p>wide</p></td></tr><tr><td><p>x</p></td><td><p>y</p></td></tr>',
    );
  });

  it('makes safe ASCII filenames from the reference, or from the title without one', () => {
    expect(exportFilename({ reference: 'JP-2026-014', title: 'x' }, ['specification', '', 'camden'], 'docx')).toBe(
      'JP-2026-014-specification-camden.docx',
    );
    expect(exportFilename({ reference: '', title: 'Café “repairs” / Lot 2' }, ['decision-log'], 'md')).toBe(
      'cafe-repairs-lot-2-decision-log.md',
    );
    expect(exportFilename({ reference: 'A/B "x"\r\n', title: '' }, ['Draft for tender (v2)'], 'docx')).toBe(
      'A-B-x-draft-for-tender-v2.docx',
    );
  });
});

describe('the specification in Word', () => {
  let xml: string;
  beforeAll(async () => {
    xml = await documentXml(await specificationDocx(await load()));
  });

  it('uses Word heading styles for the sections, in the document’s order, with a table of contents', () => {
    const headings = paragraphs(xml).filter((p) => p.style?.startsWith('Heading'));
    expect(headings.map((h) => `${h.style} ${h.text}`)).toEqual([
      'Heading1 Introduction',
      'Heading1 Scope',
      'Heading1 Requirements',
      'Heading2 Reporting a repair',
      'Heading2 Scheduling and appointments',
      'Heading2 Damp and mould',
      'Heading1 Service levels',
      'Heading1 Appendix: requirements',
    ]);
    expect(xml).toMatch(/<w:instrText[^>]*>TOC \\h \\o &quot;1-3&quot;<\/w:instrText>/);
    // The cover comes first, then the contents, then the text.
    const text = textOf(xml);
    expect(text.indexOf('Housing repairs case management system')).toBeLessThan(text.indexOf('Contents'));
    expect(text.indexOf('Contents')).toBeLessThan(text.indexOf('Hackney and Camden are buying'));
  });

  it('shows each requirement as a box with its ID, priority and boroughs, and lists them all in the appendix', () => {
    const text = textOf(xml);
    expect(text).toContain('REQ-001    Priority: Must    Applies to: All boroughs');
    expect(text).toContain('REQ-003    Priority: Should    Applies to: All boroughs');
    expect(text).toContain('REQ-005    Priority: Could    Applies to: Camden');
    expect(text).toContain('REQ-006    Priority: Must    Applies to: Hackney');
    // Requirements come in order, before the service levels.
    const body = text.slice(text.indexOf('Hackney and Camden are buying'));
    const positions = ['REQ-001    ', 'REQ-002    ', 'REQ-003    ', 'REQ-004    ', 'REQ-005    ', 'REQ-006    ', 'Service levels'].map(
      (s) => body.indexOf(s),
    );
    expect(positions).not.toContain(-1);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // A bookmark per requirement, which the appendix links to.
    expect(xml).toContain('w:name="REQ_001"');
    expect(xml).toContain('w:anchor="REQ_006"');

    const appendix = tableRowsAfter(xml, 'Appendix: requirements');
    expect(appendix[0]).toEqual(['ID', 'Requirement', 'Priority', 'Applies to']);
    expect(appendix.slice(1).map((row) => [row[0], row[2], row[3]])).toEqual([
      ['REQ-001', 'Must', 'All boroughs'],
      ['REQ-002', 'Must', 'All boroughs'],
      ['REQ-003', 'Should', 'All boroughs'],
      ['REQ-004', 'Must', 'All boroughs'],
      ['REQ-005', 'Could', 'Camden'],
      ['REQ-006', 'Must', 'Hackney'],
    ]);
    expect(appendix[2]![1]).toMatch(/^The system must meet the Web Content Accessibility Guidelines/);
  });

  it('keeps the lists and the table as Word lists and a Word table', () => {
    const scopeItems = paragraphs(xml).filter((p) => p.text.startsWith('Reporting, triage') || p.text.startsWith('Not in scope'));
    expect(scopeItems).toHaveLength(2);
    expect(xml).toMatch(/<w:numPr><w:ilvl w:val="0"\/><w:numId w:val="\d+"\/><\/w:numPr>/);
    const levels = tableRowsAfter(xml, 'Service levels');
    expect(levels).toEqual([
      ['Priority', 'Attend within', 'Complete within'],
      ['Emergency', '4 hours', '24 hours'],
      ['Urgent', '3 working days', '7 working days'],
      ['Routine', '20 working days', '28 working days'],
    ]);
  });

  it('has a cover with the reference, the version and each borough’s role and sign-off', () => {
    const cover = textOf(xml.slice(0, xml.indexOf('TOC \\h')));
    expect(cover).toContain('JP-2026-014');
    expect(cover).toContain(`Current draft, ${fixedDate}`);
    const boroughs = tableRowsAfter(xml, 'Boroughs taking part');
    expect(boroughs).toEqual([
      ['Borough', 'Role', 'Sign-off'],
      ['Hackney', 'Lead borough', expect.stringMatching(/^Signed off by Priya Shah on .*; the specification has changed since$/)],
      ['Camden', 'Partner', 'Not signed off'],
      ['Islington', 'Observer', 'Observes; does not sign off'],
    ]);
  });
});

describe('a named version and its sign-off', () => {
  let versionId: string;

  beforeAll(async () => {
    const db = world.server.db;
    const seq = await world.server.services.store.latestSeq(id);
    const hash = await world.server.engine.readDocument(id, specificationHash);
    versionId = 'namedversion0001';
    db.sqlite
      .prepare(
        'INSERT INTO named_versions (id, procurement_id, seq, name, note, specification_hash, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        versionId,
        id,
        seq,
        'Draft for tender',
        'Agreed at the joint board.',
        hash,
        world.userIds.lead,
        Date.parse('2026-11-20T12:00:00Z'),
      );
    db.sqlite
      .prepare(
        'INSERT INTO signoffs (procurement_id, named_version_id, borough_id, specification_hash, signed_by, signed_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(id, versionId, 'hackney', hash, world.userIds.lead, Date.parse('2026-11-21T15:04:00Z'));
  });

  it('shows that version’s sign-offs on its cover: who and when, or “Not signed off”', async () => {
    const input = await load({ versionId });
    expect(input.cover.version).toMatchObject({ kind: 'named', name: 'Draft for tender', note: 'Agreed at the joint board.' });
    const boroughs = tableRowsAfter(await documentXml(await specificationDocx(input)), 'Boroughs taking part');
    expect(boroughs.slice(1)).toEqual([
      ['Hackney', 'Lead borough', signedOffText],
      ['Camden', 'Partner', 'Not signed off'],
      ['Islington', 'Observer', 'Observes; does not sign off'],
    ]);
    const markdown = specificationMarkdown(input);
    expect(markdown).toContain(`- **Version:** Draft for tender, ${namedDate}`);
    expect(markdown).toContain('- **Note:** Agreed at the joint board.');
  });

  it('shows on the current draft each borough’s latest sign-off and whether the text changed since', async () => {
    const before = await load();
    expect(before.cover.boroughs[0]!.signoff).toMatchObject({ by: 'Priya Shah', versionName: 'Draft for tender', changedSince: false });
    expect(specificationMarkdown(before)).toContain(
      `| Hackney | Lead borough | ${signedOffText} (version “Draft for tender”); unchanged since |`,
    );

    await edit((doc) => specificationOf(doc).push([paragraph('A closing sentence added after the sign-off.')]));
    const after = await load();
    expect(after.cover.boroughs[0]!.signoff?.changedSince).toBe(true);
    expect(specificationHtml(after)).toContain('(version “Draft for tender”); the specification has changed since');
    expect(after.cover.boroughs[1]!.signoff).toBeNull();

    // The named version is still the text as it was signed off.
    const signed = await load({ versionId });
    expect(specificationMarkdown(signed)).not.toContain('A closing sentence added after the sign-off.');
    expect(specificationMarkdown(after)).toContain('A closing sentence added after the sign-off.');
  });

  it('refuses an unknown version (404) and a borough not taking part (400)', async () => {
    await expect(load({ versionId: 'nosuchversion1' })).rejects.toMatchObject({ status: 404 });
    await expect(load({ boroughId: 'croydon' })).rejects.toMatchObject({ status: 400 });
  });

  it('does not show a withdrawn sign-off as standing on the version’s cover', async () => {
    const hash = await world.server.engine.readDocument(id, specificationHash);
    world.server.db.sqlite
      .prepare(
        'INSERT INTO signoffs (procurement_id, named_version_id, borough_id, specification_hash, signed_by, signed_at, withdrawn_at, withdrawn_by, withdrawal_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        id,
        versionId,
        'camden',
        hash,
        world.userIds.editor,
        Date.parse('2026-11-22T10:00:00Z'),
        Date.parse('2026-11-23T10:00:00Z'),
        world.userIds.editor,
        'Signed the wrong version.',
      );
    const input = await load({ versionId });
    expect(input.cover.boroughs.map((b) => b.signoff?.by ?? null)).toEqual(['Priya Shah', null, null]);
    expect(specificationMarkdown(input)).toContain('| Camden | Partner | Not signed off |');
    expect((await load()).cover.boroughs[1]!.signoff).toBeNull();
  });
});

describe('a borough’s own variant', () => {
  it('leaves out exactly the requirements for other boroughs only, and says so on the cover', async () => {
    const camden = await load({ boroughId: 'camden' });
    const hackney = await load({ boroughId: 'hackney' });
    const islington = await load({ boroughId: 'islington' });
    expect(requirementIds(camden)).toEqual(['REQ-001', 'REQ-002', 'REQ-003', 'REQ-004', 'REQ-005']);
    expect(requirementIds(hackney)).toEqual(['REQ-001', 'REQ-002', 'REQ-003', 'REQ-004', 'REQ-006']);
    expect(requirementIds(islington)).toEqual(['REQ-001', 'REQ-002', 'REQ-003', 'REQ-004']);

    const xml = await documentXml(await specificationDocx(camden));
    const text = textOf(xml);
    expect(text).toContain('Version for Camden: requirements for other boroughs only are left out.');
    expect(text).toContain('REQ-005');
    expect(text).not.toContain('REQ-006');
    expect(text).not.toContain('Reports of damp and mould');
    expect(
      tableRowsAfter(xml, 'Appendix: requirements')
        .slice(1)
        .map((r) => r[0]),
    ).toEqual(['REQ-001', 'REQ-002', 'REQ-003', 'REQ-004', 'REQ-005']);

    const markdown = specificationMarkdown(hackney);
    expect(markdown).toContain('Version for Hackney: requirements for other boroughs only are left out.');
    expect(markdown).toContain('REQ-006');
    expect(markdown).not.toContain('REQ-005');
    // Everything else stays: the headings and the service levels.
    expect(markdown).toContain('### Damp and mould');
    expect(markdown).toContain('| Urgent | 3 working days | 7 working days |');
  });

  it('drops a heading whose section it emptied, in Word, Markdown and HTML alike, and keeps it where anything is left', async () => {
    const [camden, hackney, whole] = await Promise.all([load({ boroughId: 'camden' }), load({ boroughId: 'hackney' }), load()]);
    const wordHeadings = (xml: string) =>
      paragraphs(xml)
        .filter((p) => p.style?.startsWith('Heading'))
        .map((p) => `${p.style} ${p.text}`);
    const allHeadings = [
      'Heading1 Introduction',
      'Heading1 Scope',
      'Heading1 Requirements',
      'Heading2 Reporting a repair',
      'Heading2 Scheduling and appointments',
      'Heading2 Damp and mould',
      'Heading1 Service levels',
      'Heading1 Appendix: requirements',
    ];

    // Camden: the Hackney-only requirement was all "Damp and mould" held.
    const camdenXml = await documentXml(await specificationDocx(camden));
    expect(wordHeadings(camdenXml)).toEqual(allHeadings.filter((h) => h !== 'Heading2 Damp and mould'));
    expect(camdenXml).not.toContain('Damp and mould');
    const camdenMarkdown = specificationMarkdown(camden);
    expect(camdenMarkdown).not.toContain('Damp and mould');
    expect(camdenMarkdown).toMatch(/^### Scheduling and appointments$/m);
    const camdenHtml = specificationHtml(camden);
    expect(camdenHtml).not.toContain('Damp and mould');
    expect(camdenHtml).toMatch(/<h3 id="section-\d+">Scheduling and appointments<\/h3>/);
    // The appendix lists what the text holds, and nothing else.
    expect(requirementIds(camden)).toEqual(['REQ-001', 'REQ-002', 'REQ-003', 'REQ-004', 'REQ-005']);
    expect(
      markdownTableAfter(camdenMarkdown, '## Appendix: requirements')
        .slice(2)
        .map((row) => row[0]),
    ).toEqual(requirementIds(camden));

    // Hackney keeps the heading with its requirement under it; so does the whole specification.
    for (const input of [hackney, whole]) {
      const xml = await documentXml(await specificationDocx(input));
      expect(wordHeadings(xml)).toEqual(allHeadings);
      expect(textOf(xml)).toContain('Damp and mould\nREQ-006    Priority: Must    Applies to: Hackney');
      expect(specificationMarkdown(input)).toMatch(/^### Damp and mould\n\n> \*\*REQ-006\*\* · Priority: \*\*Must\*\*/m);
      expect(specificationHtml(input)).toMatch(/<h3 id="section-\d+">Damp and mould<\/h3>\n<section class="requirement" id="REQ-006"/);
    }
  });

  it('drops a parent heading whose subsections all went, but not one with words of its own or one that was empty already', () => {
    const heading = (level: number, text: string): Block => ({ type: 'heading', level, runs: [plainRun(text)] });
    const para = (text: string): Block => ({ type: 'paragraph', runs: text ? [plainRun(text)] : [] });
    const requirement = (n: number, appliesTo: string[]): Block => ({
      type: 'requirement',
      number: n,
      id: `REQ-00${n}`,
      priority: 'must',
      appliesTo,
      blocks: [para(`Requirement ${n}.`)],
    });
    const blocks: Block[] = [
      heading(2, 'Introduction'),
      para('Why we are buying.'),
      // Every subsection holds only Hackney's requirements: the parent goes with them.
      heading(2, 'Hackney’s own'),
      heading(3, 'Damp'),
      requirement(1, ['hackney']),
      para(' '),
      heading(3, 'Heating'),
      requirement(2, ['hackney']),
      // One subsection stays, so the parent does.
      heading(2, 'Mixed'),
      heading(3, 'Shared'),
      requirement(3, []),
      { type: 'quote', blocks: [requirement(6, ['hackney'])] },
      heading(3, 'Hackney part'),
      requirement(4, ['hackney']),
      { type: 'rule' },
      // Words of its own keep a heading.
      heading(2, 'Introduced'),
      para('These apply to Hackney.'),
      heading(3, 'Gone'),
      requirement(5, ['hackney']),
      // Empty in the whole specification too: a placeholder stays.
      heading(2, 'To be written'),
      heading(2, 'Service levels'),
      para('As agreed.'),
    ];
    const outline = (list: Block[]) =>
      list.map((b) =>
        b.type === 'heading'
          ? `h${b.level} ${runsText(b.runs)}`
          : b.type === 'paragraph'
            ? `p ${runsText(b.runs)}`
            : b.type === 'requirement'
              ? b.id
              : b.type,
      );
    expect(outline(variantFor(blocks, 'camden'))).toEqual([
      'h2 Introduction',
      'p Why we are buying.',
      'h2 Mixed',
      'h3 Shared',
      'REQ-003',
      'h2 Introduced',
      'p These apply to Hackney.',
      'h2 To be written',
      'h2 Service levels',
      'p As agreed.',
    ]);
    expect(outline(variantFor(blocks, 'hackney'))).toEqual(outline(blocks));
  });
});

describe('the internal sign-off table', () => {
  const signoffColumn = ['Borough', 'Role', 'Sign-off'];
  /** The cover's boroughs table in each format: its header row and whether any sign-off is mentioned. */
  async function coverTables(input: SpecificationExport) {
    const xml = await documentXml(await specificationDocx(input));
    const markdown = specificationMarkdown(input);
    const html = specificationHtml(input);
    return {
      word: tableRowsAfter(xml, 'Boroughs taking part')[0],
      markdown: markdownTableAfter(markdown, '## Boroughs taking part')[0],
      html: /<h2>Boroughs taking part<\/h2>\n<table><thead><tr>(.*?)<\/tr>/.exec(html)![1],
      mentions: [textOf(xml), markdown, html].map((text) => /signed off|Sign-off|has changed since/.test(text)),
    };
  }

  it('is left out of a borough’s variant by default, and there on request', async () => {
    const omitted = await coverTables(await load({ boroughId: 'camden' }));
    expect(omitted.word).toEqual(['Borough', 'Role']);
    expect(omitted.markdown).toEqual(['Borough', 'Role']);
    expect(omitted.html).toBe('<th>Borough</th><th>Role</th>');
    expect(omitted.mentions).toEqual([false, false, false]);
    // The roles stay: who leads the procurement matters to suppliers too.
    const rows = tableRowsAfter(await documentXml(await specificationDocx(await load({ boroughId: 'camden' }))), 'Boroughs taking part');
    expect(rows.slice(1)).toEqual([
      ['Hackney', 'Lead borough'],
      ['Camden', 'Partner'],
      ['Islington', 'Observer'],
    ]);

    const included = await coverTables(await load({ boroughId: 'camden', signoffs: true }));
    expect(included.word).toEqual(signoffColumn);
    expect(included.markdown).toEqual(signoffColumn);
    expect(included.html).toBe('<th>Borough</th><th>Role</th><th>Sign-off</th>');
    expect(included.mentions).toEqual([true, true, true]);
  });

  it('is in the whole specification by default, and left out on request', async () => {
    const included = await coverTables(await load());
    expect(included.word).toEqual(signoffColumn);
    expect(included.markdown).toEqual(signoffColumn);
    expect(included.mentions).toEqual([true, true, true]);
    expect(specificationMarkdown(await load())).toContain('; the specification has changed since');

    const omitted = await coverTables(await load({ signoffs: false }));
    expect(omitted.word).toEqual(['Borough', 'Role']);
    expect(omitted.markdown).toEqual(['Borough', 'Role']);
    expect(omitted.html).toBe('<th>Borough</th><th>Role</th>');
    expect(omitted.mentions).toEqual([false, false, false]);
  });
});

describe('the specification in Markdown and HTML', () => {
  it('round-trips the requirement table: the appendix reads back into the document’s requirements', async () => {
    // Characters that mean something in Markdown, written into a requirement.
    await edit((doc) => {
      const requirement = specificationOf(doc)
        .toArray()
        .find((n) => n instanceof Y.XmlElement && n.getAttribute('number') === (3 as unknown as string)) as Y.XmlElement;
      const text = (requirement.get(0) as Y.XmlElement).get(0) as Y.XmlText;
      text.insert(text.length, ' Formats: *.jpg | *.mp4 [max 20 MB] <video> _raw_ \\ done.');
    });
    const input = await load();
    const markdown = specificationMarkdown(input);
    const rows = markdownTableAfter(markdown, '## Appendix: requirements');
    expect(rows[0]).toEqual([...requirementColumns]);
    expect(rows.slice(2)).toEqual(
      input.requirements.map((r) => [
        r.id,
        requirementText(r),
        { must: 'Must', should: 'Should', could: 'Could', wont: 'Won’t' }[r.priority],
        r.appliesTo.length ? r.appliesTo.map((b) => input.boroughName(b)).join(', ') : 'All boroughs',
      ]),
    );
    expect(rows[4]![1]).toContain('Formats: *.jpg | *.mp4 [max 20 MB] <video> _raw_ \\ done.');
    expect(markdown).toMatch(/^# Housing repairs case management system$/m);
    expect(markdown).toMatch(/^## Introduction$/m);
    expect(markdown).toMatch(/^### Reporting a repair$/m);
    expect(markdown).toMatch(/^> \*\*REQ-002\*\* · Priority: \*\*Must\*\* · Applies to: \*\*All boroughs\*\*$/m);
  });

  it('escapes document text in HTML, drops unsafe links, and prints cleanly', async () => {
    await edit((doc) => {
      // Marked text last in each paragraph: text typed after a mark would carry it on.
      specificationOf(doc).push([
        paragraph('Watch out: <script>alert("x")</script> & <b>bold</b> and ', {
          text: 'a good one',
          link: 'https://www.gov.uk/guidance?a=1&b=2',
        }),
        paragraph('Then ', { text: 'a bad link', link: 'javascript:alert(1)' }),
      ]);
    });
    const html = specificationHtml(await load());
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<b>bold');
    expect(html).not.toContain('javascript:');
    expect(html).toContain(
      '<p>Watch out: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt; and <a href="https://www.gov.uk/guidance?a=1&amp;b=2" rel="noopener noreferrer">a good one</a></p>',
    );
    expect(html).toContain('<p>Then a bad link</p>');
    expect(html).toMatch(/^<!doctype html>\n<html lang="en-GB">/);
    expect(html).toContain('@page { size: A4;');
    expect(html).toContain('a { color: inherit; text-decoration: none; }');
    expect(html).toContain('.appendix { break-before: page; }');
    expect(html).toContain('.requirement, tr, li { break-inside: avoid; }');
    expect(html).toContain('<section class="requirement" id="REQ-005" aria-label="REQ-005">');
    expect(html).toContain('<td><a href="#REQ-005">REQ-005</a></td>');

    // Word and Markdown carry the same text safely, and the good link as a link.
    const xml = await documentXml(await specificationDocx(await load()));
    expect(textOf(xml)).toContain('Watch out: <script>alert("x")</script> & <b>bold</b> and a good one\nThen a bad link');
    expect(xml).toMatch(/<w:hyperlink[^>]*r:id="[^"]+"[^>]*>[\s\S]{0,400}a good one/);
    expect(xml).not.toContain('javascript:');
    const markdown = specificationMarkdown(await load());
    expect(markdown).toContain(
      'Watch out: \\<script\\>alert("x")\\</script\\> & \\<b\\>bold\\</b\\> and [a good one](https://www.gov.uk/guidance?a=1&b=2)\n\nThen a bad link',
    );
  });
});

describe('the decision log', () => {
  it('has each decision’s question, options, choice, rationale, status and borough positions', async () => {
    const db = world.server.services.db;
    const decisionId = await world.server.engine.readDocument(id, (doc) => decisionsOf(doc).get(0).get('id') as string);
    await edit((doc) => {
      const decision = decisionsOf(doc).get(0);
      const options = decision.get('options') as Y.Array<Y.Map<unknown>>;
      decision.set('chosenOptionId', options.get(2).get('id'));
      (decision.get('rationale') as Y.XmlFragment).push([
        paragraph('Hackney has the team to run it; ', { text: 'Camden agreed at the board.', bold: true }),
      ]);
    });
    const lead = await requireMembership(db, (await findUserByEmail(db, 'lead@hackney.demo'))!, id);
    const editor = await requireMembership(db, (await findUserByEmail(db, 'editor@camden.demo'))!, id);
    const proposal = (await world.server.engine.readDocument(id, proposalsIn)).get(decisionId)!;
    await recordPosition(
      db,
      lead,
      decisionId,
      { position: 'support', optionId: proposal.optionId, comment: 'We have capacity.' },
      proposal,
    );
    // Both boroughs supporting the proposal makes it agreed, by the rule, not by a person.
    await recordPosition(db, editor, decisionId, { position: 'support', optionId: proposal.optionId, comment: '' }, proposal);

    const log = await loadDecisionLog(world.server.services, id);
    const xml = await documentXml(await decisionsDocx(log));
    const text = textOf(xml);
    const headings = paragraphs(xml)
      .filter((p) => p.style === 'Heading1')
      .map((p) => p.text);
    expect(headings).toEqual(['1. Form of joint procurement', '2. Leadership and governance', '3. Route to market and contract structure']);
    expect(text).toContain('Question: How will the boroughs buy together?');
    expect(text).toMatch(/Status: Agreed \(following the boroughs’ positions, \d+ \w+ \d{4} at \d+:\d\d[ap]m\)/);
    expect(text).toContain(
      'Status note: Agreed: every borough taking part supports “One lead borough runs the procedure on behalf of all”.',
    );
    expect(text).toContain('Proposed option: One lead borough runs the procedure on behalf of all');
    expect(text).toContain('One lead borough runs the procedure on behalf of all (proposed)');
    expect(text).toContain('Clear leadership and fastest decisions.\nLower cost for the other boroughs.');
    expect(text).toContain('Hackney has the team to run it; Camden agreed at the board.');
    const positions = tableRowsAfter(xml.slice(0, xml.indexOf('>2. Leadership and governance<')), 'Borough positions');
    expect(positions[0]).toEqual(['Borough', 'Position', 'Comment', 'Recorded by', 'When']);
    const supports = 'Supports: One lead borough runs the procedure on behalf of all';
    expect(positions[1]!.slice(0, 4)).toEqual(['Hackney', supports, 'We have capacity.', 'Priya Shah']);
    expect(positions[2]!.slice(0, 4)).toEqual(['Camden', supports, '', 'Tom Okafor']);
    expect(positions[1]![4]).toMatch(/^\d+ \w+ \d{4} at \d+:\d\d[ap]m$/);

    const markdown = decisionsMarkdown(log);
    expect(markdown).toContain('## 1. Form of joint procurement');
    expect(markdown).toContain('3. **One lead borough runs the procedure on behalf of all** (proposed)');
    expect(markdown).toContain('Hackney has the team to run it; **Camden agreed at the board.**');
    expect(markdown).toMatch(
      /\| Hackney \| Supports: One lead borough runs the procedure on behalf of all \| We have capacity\. \| Priya Shah \| \d+ \w+ \d{4} at/,
    );
    expect(markdown).toContain('| Camden | Supports: One lead borough');
    expect(markdown).toContain('3 decisions: 1 agreed, 2 open.');
    // The second decision has no positions yet: both signing boroughs are listed as such.
    expect(markdown.split('## 2. Leadership and governance')[1]).toContain('| Hackney | No position recorded |');
  });
});

describe('the engagement record', () => {
  it('has each activity with its type, date, suppliers, boroughs, summary, insights and follow-up actions', async () => {
    await edit((doc) => {
      const later = newEngagement({ type: 'supplier-day', date: '2026-10-14', title: 'Supplier day at City Hall' });
      const earlier = newEngagement({ type: 'rfi', date: '2026-09-02' });
      // Newest first, as the page adds them; the record reads in date order.
      engagementOf(doc).insert(0, [later, earlier]);
      (later.get('suppliers') as Y.Array<string>).push(['Acme Housing Software', 'Repairs Cloud Ltd']);
      (later.get('boroughs') as Y.Array<string>).push(['hackney', 'camden']);
      (later.get('summary') as Y.XmlFragment).push([
        paragraph('Six suppliers attended; four demonstrated ', { text: 'live scheduling.', italic: true }),
      ]);
      (later.get('insights') as Y.XmlFragment).push([paragraph('Most can meet WCAG 2.2 AA.')]);
      (later.get('actions') as Y.Array<Y.Map<unknown>>).push([
        newFollowUp({ description: 'Send the draft specification to attendees', owner: world.userIds.editor, due: '2026-12-04' }),
        newFollowUp({ description: 'Book the demonstrations' }),
      ]);
    });

    const record = await loadEngagementRecord(world.server.services, id);
    const xml = await documentXml(await engagementDocx(record));
    const text = textOf(xml);
    expect(
      paragraphs(xml)
        .filter((p) => p.style === 'Heading1')
        .map((p) => p.text)
        // The demo's own activities, later in the year, follow.
        .slice(0, 2),
    ).toEqual(['1. RFI / questionnaire', '2. Supplier day at City Hall']);
    const facts = tableRowsAfter(xml, '2. Supplier day at City Hall');
    expect(facts).toEqual([
      ['Type', 'Supplier day'],
      ['Date', '14 October 2026'],
      ['Suppliers', 'Acme Housing Software, Repairs Cloud Ltd'],
      ['Boroughs present', 'Hackney, Camden'],
      ['Shared with suppliers', 'Nothing recorded'],
      ['Unfair advantage', 'Not yet assessed'],
    ]);
    expect(text).toContain('Six suppliers attended; four demonstrated live scheduling.');
    expect(text).toContain('Most can meet WCAG 2.2 AA.');
    // Its own, up to the next activity (the demo's own activities come after).
    const actions = tableRowsAfter(xml.slice(xml.indexOf('>2. Supplier day at City Hall<'), xml.lastIndexOf('>3. ')), 'Follow-up actions');
    expect(actions).toEqual([
      ['Action', 'Owner', 'Due', 'Done'],
      ['Send the draft specification to attendees', 'Tom Okafor', '4 December 2026', 'Not done'],
      ['Book the demonstrations', 'No owner', 'No due date', 'Not done'],
    ]);

    const markdown = engagementMarkdown(record);
    // The dates the activity and its follow-up were given (data, not the clock).
    const [activityDate, followUpDue] = ['14 October 2026', '4 December 2026'];
    expect(markdown).toContain('## 2. Supplier day at City Hall');
    expect(markdown).toContain(`- **Date:** ${activityDate}`);
    expect(markdown).toContain('- **Boroughs present:** Hackney, Camden');
    expect(markdown).toContain('Six suppliers attended; four demonstrated *live scheduling.*');
    expect(markdown).toContain(`| Send the draft specification to attendees | Tom Okafor | ${followUpDue} | Not done |`);
  });
});

describe('the routes', () => {
  /** A download through the real server, as a browser with `client`'s session (or none). */
  const get = (client: ApiClient | null, path: string) =>
    fetch(`${world.server.url}${path}`, { headers: client?.cookie ? { cookie: client.cookie } : {} });

  it('lets every member download each export with its type and filename; others get 404', async () => {
    const base = `/api/procurements/${id}/export`;
    const files = [
      ['specification.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'JP-2026-014-specification.docx'],
      ['specification.md', 'text/markdown; charset=utf-8', 'JP-2026-014-specification.md'],
      ['specification.html', 'text/html; charset=utf-8', 'JP-2026-014-specification.html'],
      ['decisions.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'JP-2026-014-decision-log.docx'],
      ['decisions.md', 'text/markdown; charset=utf-8', 'JP-2026-014-decision-log.md'],
      ['engagement.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'JP-2026-014-engagement-record.docx'],
      ['engagement.md', 'text/markdown; charset=utf-8', 'JP-2026-014-engagement-record.md'],
    ] as const;
    for (const [file, type, filename] of files) {
      const response = await get(world.viewer, `${base}/${file}`);
      expect(response.status, file).toBe(200);
      expect(response.headers.get('content-type')).toBe(type);
      // The printable page opens in a tab; the rest download.
      expect(response.headers.get('content-disposition')).toBe(
        `${file.endsWith('.html') ? 'inline' : 'attachment'}; filename="${filename}"`,
      );
      if (file.endsWith('.html')) expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
      const body = Buffer.from(await response.arrayBuffer());
      if (file.endsWith('.docx')) expect(body.subarray(0, 2).toString()).toBe('PK');
      else expect(body.length).toBeGreaterThan(100);
    }
    const camden = await get(world.editor, `${base}/specification.docx?borough=camden&version=namedversion0001`);
    expect(camden.headers.get('content-disposition')).toBe('attachment; filename="JP-2026-014-specification-draft-for-tender-camden.docx"');
    const camdenMarkdown = await (await get(world.viewer, `${base}/specification.md?borough=camden`)).text();
    expect(camdenMarkdown).toContain('Version for Camden');

    const outsider = await get(world.outsider, `${base}/specification.md`);
    expect(outsider.status).toBe(404);
    expect(((await outsider.json()) as { error: { code: string } }).error.code).toBe('not_found');
    expect((await get(null, `${base}/specification.md`)).status).toBe(401);
    expect((await get(world.lead, `${base}/specification.md?version=nosuchversion1`)).status).toBe(404);
    expect((await get(world.lead, `${base}/specification.md?version=..%2F..`)).status).toBe(404);
    const croydon = await get(world.lead, `${base}/specification.md?borough=croydon`);
    expect(croydon.status).toBe(400);
    expect(((await croydon.json()) as { error: { message: string } }).error.message).toBe(
      'That borough is not taking part in this procurement.',
    );
    expect((await get(world.lead, `${base}/minutes.pdf`)).status).toBe(404);
    expect((await get(world.lead, `${base}/constructor`)).status).toBe(404);
  });

  it('downloads a named version’s borough variant in every format, named for both, as its tender pack', async () => {
    const base = `/api/procurements/${id}/export`;
    const query = 'version=namedversion0001&borough=camden';
    for (const extension of ['docx', 'md', 'html'] as const) {
      const response = await get(world.viewer, `${base}/specification.${extension}?${query}`);
      expect(response.status, extension).toBe(200);
      expect(response.headers.get('content-disposition')).toBe(
        `${extension === 'html' ? 'inline' : 'attachment'}; filename="JP-2026-014-specification-draft-for-tender-camden.${extension}"`,
      );
      const body = Buffer.from(await response.arrayBuffer());
      const text = extension === 'docx' ? textOf(await documentXml(body)) : body.toString('utf8');
      expect(text).toContain(`Draft for tender, ${namedDate}`);
      expect(text).toContain('Version for Camden: requirements for other boroughs only are left out.');
      expect(text).toContain('REQ-005');
      expect(text).not.toContain('REQ-006');
      expect(text).not.toContain('Damp and mould');
      // The text as it was named, before the later edits.
      expect(text).not.toContain('A closing sentence added after the sign-off.');
      // A tender pack: no sign-offs unless asked for.
      expect(text).not.toContain('Signed off by');
    }
    const withSignoffs = await (await get(world.viewer, `${base}/specification.md?${query}&signoffs=include`)).text();
    expect(withSignoffs).toContain(`| Hackney | Lead borough | ${signedOffText} |`);
    expect(withSignoffs).not.toContain('Damp and mould');
  });

  it('takes signoffs=include or omit, and refuses anything else before producing a file', async () => {
    const base = `/api/procurements/${id}/export`;
    const markdown = async (query: string) => {
      const response = await get(world.viewer, `${base}/specification.md?${query}`);
      expect(response.status, query).toBe(200);
      return response.text();
    };
    expect(await markdown('borough=camden')).not.toContain('| Borough | Role | Sign-off |');
    expect(await markdown('borough=camden&signoffs=include')).toContain('| Borough | Role | Sign-off |');
    expect(await markdown('')).toContain('| Borough | Role | Sign-off |');
    expect(await markdown('signoffs=omit')).not.toContain('| Borough | Role | Sign-off |');
    expect(await markdown('signoffs=omit')).toContain('| Borough | Role |');

    for (const file of ['specification.docx', 'specification.md', 'specification.html']) {
      const bogus = await get(world.viewer, `${base}/${file}?borough=camden&signoffs=bogus`);
      expect(bogus.status, file).toBe(400);
      expect(bogus.headers.get('content-disposition')).toBeNull();
      expect(((await bogus.json()) as { error: { code: string; message: string } }).error).toMatchObject({
        code: 'invalid',
        message: 'Choose whether to include the internal sign-off table: signoffs=include or signoffs=omit.',
      });
    }
  });
});
