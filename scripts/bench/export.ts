/**
 * How long the exports take on a large procurement: a specification of 300 requirements
 * spread through about 100 pages of headings, paragraphs, lists and tables, plus a
 * decision log of 30 decisions and an engagement record of 40 activities. Each export is
 * timed from the Y.Doc to the finished file (reading the content model included), as
 * the medians of 5 runs after one warm-up. The goal is under 2 s for each.
 *
 *   node --import tsx scripts/bench/export.ts            # prints the table
 *   node --import tsx scripts/bench/export.ts --out DIR  # also writes the files there
 *
 * Standalone: no server and no database; the cover's facts are made up here.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import type { DecisionRecord } from '../../shared/decisions.js';
import { decisionsOf, engagementOf, newDecision, newEngagement, newFollowUp, specificationOf } from '../../shared/doc-layout.js';
import { bulletList, paragraph } from '../../shared/spec-builders.js';
import { requirementsIn, variantFor } from '../../server/src/export/block-queries.js';
import type { SpecificationCover } from '../../server/src/export/cover.js';
import { decisionsDocx, engagementDocx } from '../../server/src/export/docx-records.js';
import { specificationDocx } from '../../server/src/export/docx-specification.js';
import { specificationHtml } from '../../server/src/export/html.js';
import { decisionsMarkdown, engagementMarkdown, specificationMarkdown } from '../../server/src/export/markdown-documents.js';
import { readSpecification } from '../../server/src/export/read-blocks.js';
import { readDecisions, readEngagement } from '../../server/src/export/read-records.js';
import type { DecisionLog, EngagementRecord, ProcurementFacts, SpecificationExport } from '../../server/src/export/sources.js';
import { buildSpecification, sentence } from './large-specification.js';

const runs = 5;
const goalMs = 2000;

function buildDocument(): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    buildSpecification(specificationOf(doc));
    decisionsOf(doc).push(
      Array.from({ length: 30 }, (_, i) =>
        newDecision({
          topic: 'other',
          title: `Decision ${i + 1}`,
          question: sentence(i, 20),
          options: [1, 2, 3].map((o) => ({ title: `Option ${o}`, pros: sentence(i + o, 15), cons: sentence(i + o + 1, 15) })),
        }),
      ),
    );
    const activities = Array.from({ length: 40 }, (_, i) =>
      newEngagement({ type: 'supplier-day', date: `2026-${String((i % 12) + 1).padStart(2, '0')}-10`, title: `Activity ${i + 1}` }),
    );
    engagementOf(doc).push(activities);
    activities.forEach((activity, i) => {
      (activity.get('suppliers') as Y.Array<string>).push(['Acme Ltd', 'Repairs Cloud Ltd']);
      (activity.get('boroughs') as Y.Array<string>).push(['hackney', 'camden']);
      (activity.get('summary') as Y.XmlFragment).push([paragraph(sentence(i, 80))]);
      (activity.get('insights') as Y.XmlFragment).push([bulletList([sentence(i, 15)], [sentence(i + 1, 15)])]);
      (activity.get('actions') as Y.Array<Y.Map<unknown>>).push([
        newFollowUp({ description: sentence(i, 10), owner: 'someone', due: '2026-12-01' }),
      ]);
    });
  });
  return doc;
}

const procurement: ProcurementFacts = {
  id: 'benchmark',
  title: 'Housing repairs case management system',
  reference: 'JP-2026-014',
  summary: 'A benchmark procurement.',
  boroughs: [
    { id: 'hackney', name: 'Hackney', officialName: 'London Borough of Hackney', role: 'lead' },
    { id: 'camden', name: 'Camden', officialName: 'London Borough of Camden', role: 'partner' },
    { id: 'islington', name: 'Islington', officialName: 'London Borough of Islington', role: 'observer' },
  ],
};
const boroughName = (id: string) => procurement.boroughs.find((b) => b.id === id)?.name ?? id;
const at = new Date().toISOString();

function specificationInput(doc: Y.Doc, variant: string | null): SpecificationExport {
  let blocks = readSpecification(doc);
  if (variant) blocks = variantFor(blocks, variant);
  const cover: SpecificationCover = {
    procurement,
    version: { kind: 'current', at },
    boroughs: procurement.boroughs.map((b) => ({ id: b.id, name: b.name, role: b.role, signoff: null })),
    variant: variant ? { id: variant, name: boroughName(variant) } : null,
  };
  return { cover, blocks, requirements: requirementsIn(blocks), boroughName };
}

function decisionLog(doc: Y.Doc): DecisionLog {
  const record = (decisionId: string): DecisionRecord => ({
    decisionId,
    status: 'open',
    statusNote: '',
    statusChangedBy: null,
    statusChangedAt: null,
    agreedOptionId: null,
    positions: [],
  });
  return { procurement, at, boroughName, decisions: readDecisions(doc).map((d) => ({ ...d, record: record(d.id) })) };
}

function engagementRecord(doc: Y.Doc): EngagementRecord {
  return { procurement, at, boroughName, activities: readEngagement(doc), personName: () => 'Tom Okafor' };
}

const exports: { name: string; make: (doc: Y.Doc) => Promise<Buffer | string> | Buffer | string }[] = [
  { name: 'specification.docx', make: (doc) => specificationDocx(specificationInput(doc, null)) },
  { name: 'specification-camden.docx', make: (doc) => specificationDocx(specificationInput(doc, 'camden')) },
  { name: 'specification.md', make: (doc) => specificationMarkdown(specificationInput(doc, null)) },
  { name: 'specification.html', make: (doc) => specificationHtml(specificationInput(doc, null)) },
  { name: 'decisions.docx', make: (doc) => decisionsDocx(decisionLog(doc)) },
  { name: 'decisions.md', make: (doc) => decisionsMarkdown(decisionLog(doc)) },
  { name: 'engagement.docx', make: (doc) => engagementDocx(engagementRecord(doc)) },
  { name: 'engagement.md', make: (doc) => engagementMarkdown(engagementRecord(doc)) },
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function main(): Promise<void> {
  const outIndex = process.argv.indexOf('--out');
  const outDir = outIndex > 0 ? process.argv[outIndex + 1] : undefined;
  const doc = buildDocument();
  const spec = specificationInput(doc, null);
  console.log(
    `Specification: ${spec.requirements.length} requirements, ${spec.blocks.length} top-level blocks, ${Y.encodeStateAsUpdate(doc).byteLength.toLocaleString('en-GB')} bytes of Yjs state.`,
  );
  console.log(`Each export from the Y.Doc to the finished file; median of ${runs} runs after a warm-up.\n`);
  const rows: string[][] = [];
  for (const e of exports) {
    const first = await e.make(doc);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      await e.make(doc);
      times.push(performance.now() - start);
    }
    const m = median(times);
    const size = typeof first === 'string' ? Buffer.byteLength(first) : first.byteLength;
    rows.push([
      e.name,
      `${m.toFixed(0)} ms`,
      `${Math.min(...times).toFixed(0)}–${Math.max(...times).toFixed(0)} ms`,
      `${(size / 1024).toFixed(0)} KB`,
      m < goalMs ? 'yes' : 'NO',
    ]);
    if (outDir) {
      mkdirSync(outDir, { recursive: true });
      writeFileSync(join(outDir, e.name), first);
    }
  }
  const header = ['export', 'median', 'range', 'size', `< ${goalMs / 1000} s`];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  doc.destroy();
  if (rows.some((r) => r[4] === 'NO')) process.exitCode = 1;
}

await main();
