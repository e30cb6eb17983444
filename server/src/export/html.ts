/**
 * The specification as one standalone, printable HTML page: no scripts, no outside
 * files, and a print stylesheet (A4, the appendix on a new page, requirements never
 * split across pages) so that the browser's "Save as PDF" gives a clean document.
 * Every piece of document text is escaped, and only safe link addresses are written.
 */
import { requirementText, runsText, topHeadingLevel } from './block-queries.js';
import type { Block, RequirementBlock, Run, TableCell } from './content.js';
import { appendixTitle, boroughsTable, coverFacts, specificationKind } from './cover.js';
import { appliesToText, priorityText } from './format.js';
import type { SpecificationExport } from './sources.js';

/** Escapes text for HTML content and attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function inlineHtml(runs: Run[]): string {
  return runs
    .map((run) => {
      let html = escapeHtml(run.text).replace(/\n/g, '<br>');
      if (run.bold) html = `<strong>${html}</strong>`;
      if (run.italic) html = `<em>${html}</em>`;
      if (run.underline) html = `<u>${html}</u>`;
      if (run.strike) html = `<s>${html}</s>`;
      // content.ts only lets http(s), mailto and tel addresses through.
      if (run.link) html = `<a href="${escapeHtml(run.link)}" rel="noopener noreferrer">${html}</a>`;
      return html;
    })
    .join('');
}

/** A requirement's anchor in the page: its ID, which the appendix links to. */
const anchorOf = (r: RequirementBlock) => (r.number === null ? null : r.id);

class HtmlWriter {
  private headingShift = 0;
  private headingCount = 0;
  /** Ids given to requirements: an id may be used once, so a repeated number gets none. */
  private readonly anchors = new Set<string>();
  /** Headings written, for the contents list. */
  readonly headings: { level: number; id: string; text: string }[] = [];

  constructor(private readonly boroughName: (id: string) => string) {}

  write(blocks: Block[], headingBase: number): string {
    this.headingShift = headingBase - topHeadingLevel(blocks);
    return this.blocks(blocks);
  }

  private blocks(blocks: Block[]): string {
    return blocks.map((b) => this.block(b)).join('\n');
  }

  private block(block: Block): string {
    switch (block.type) {
      case 'heading': {
        const level = Math.min(6, Math.max(2, block.level + this.headingShift));
        const id = `section-${++this.headingCount}`;
        this.headings.push({ level, id, text: runsText(block.runs).replace(/\n/g, ' ') });
        return `<h${level} id="${id}">${inlineHtml(block.runs)}</h${level}>`;
      }
      case 'paragraph':
        return `<p>${inlineHtml(block.runs)}</p>`;
      case 'list': {
        const tag = block.ordered ? 'ol' : 'ul';
        const start = block.ordered && block.start !== 1 ? ` start="${block.start}"` : '';
        return `<${tag}${start}>${block.items.map((item) => `<li>${this.blocks(item)}</li>`).join('')}</${tag}>`;
      }
      case 'table':
        return this.table(block.rows);
      case 'requirement':
        return this.requirement(block);
      case 'quote':
        return `<blockquote>${this.blocks(block.blocks)}</blockquote>`;
      case 'rule':
        return '<hr>';
    }
  }

  private table(rows: TableCell[][]): string {
    const headerRows = rows.length > 0 && rows[0]!.every((c) => c.header) ? 1 : 0;
    const row = (cells: TableCell[]) =>
      `<tr>${cells
        .map((c) => {
          const tag = c.header ? 'th' : 'td';
          const span = `${c.colspan > 1 ? ` colspan="${c.colspan}"` : ''}${c.rowspan > 1 ? ` rowspan="${c.rowspan}"` : ''}`;
          return `<${tag}${span}>${this.blocks(c.blocks)}</${tag}>`;
        })
        .join('')}</tr>`;
    const head = headerRows ? `<thead>${row(rows[0]!)}</thead>` : '';
    return `<table>${head}<tbody>${rows.slice(headerRows).map(row).join('')}</tbody></table>`;
  }

  private requirement(r: RequirementBlock): string {
    let anchor = anchorOf(r);
    if (anchor && this.anchors.has(anchor)) anchor = null;
    if (anchor) this.anchors.add(anchor);
    return [
      `<section class="requirement"${anchor ? ` id="${anchor}"` : ''} aria-label="${escapeHtml(r.id)}">`,
      `<p class="requirement-meta"><strong class="requirement-id">${escapeHtml(r.id)}</strong>`,
      `<span>Priority: <strong>${escapeHtml(priorityText(r.priority))}</strong></span>`,
      `<span>Applies to: <strong>${escapeHtml(appliesToText(r.appliesTo, this.boroughName))}</strong></span></p>`,
      this.blocks(r.blocks),
      '</section>',
    ].join('');
  }
}

const styles = `
:root { color: #0b0c0c; background: #fff; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.45; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 2.2rem; line-height: 1.15; margin: 0 0 .5rem; }
h2 { font-size: 1.6rem; margin: 2rem 0 .75rem; }
h3 { font-size: 1.3rem; margin: 1.5rem 0 .5rem; }
h4, h5, h6 { font-size: 1.1rem; margin: 1.25rem 0 .5rem; }
a { color: #1d70b8; }
.kind { font-size: 1.3rem; color: #505a5f; margin: 0 0 1.5rem; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1.5rem; margin: 0 0 1.5rem; }
.facts dt { font-weight: bold; }
.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 0 0 1rem; }
th, td { border: 1px solid #b1b4b6; padding: .4rem .5rem; text-align: left; vertical-align: top; }
th { background: #f3f2f1; }
td > :first-child, th > :first-child, li > :first-child { margin-top: 0; }
li > p { margin: 0 0 .25rem; }
td > :last-child, th > :last-child { margin-bottom: 0; }
.requirement { border: 1px solid #b1b4b6; border-left: 6px solid #1d70b8; background: #f3f2f1; padding: .6rem .9rem; margin: 0 0 1rem; }
.requirement-meta { display: flex; flex-wrap: wrap; gap: .3rem 1.5rem; margin: 0 0 .4rem; color: #505a5f; }
.requirement-meta strong { color: #0b0c0c; }
.requirement-id { color: #1d70b8 !important; }
.requirement > :last-child { margin-bottom: 0; }
blockquote { border-left: 4px solid #b1b4b6; margin: 0 0 1rem; padding-left: 1rem; }
.contents ol { list-style: none; padding-left: 0; }
.contents li.level-3 { padding-left: 1.25rem; }
.contents li.level-4, .contents li.level-5, .contents li.level-6 { padding-left: 2.5rem; }
.appendix table { table-layout: fixed; }
.appendix .col-id { width: 6.5rem; }
.appendix .col-priority { width: 5.5rem; }
.appendix .col-boroughs { width: 9rem; }
@page { size: A4; margin: 20mm 18mm 22mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 11pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
  .cover, .contents { break-after: page; }
  .appendix { break-before: page; }
  .requirement, tr, li { break-inside: avoid; }
  h2, h3, h4, h5, h6 { break-after: avoid; }
  thead { display: table-header-group; }
}
`;

/** The specification as a complete HTML page. */
export function specificationHtml(input: SpecificationExport): string {
  const { cover } = input;
  const writer = new HtmlWriter(input.boroughName);
  const body = writer.write(input.blocks, 2);
  const facts = coverFacts(cover)
    .map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`)
    .join('');
  const boroughTable = boroughsTable(cover);
  const boroughHead = boroughTable.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const boroughs = boroughTable.rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('');
  const contents = [...writer.headings.filter((h) => h.level <= 4), { level: 2, id: 'appendix', text: appendixTitle }]
    .map((h) => `<li class="level-${h.level}"><a href="#${h.id}">${escapeHtml(h.text)}</a></li>`)
    .join('');
  const appendixRows = input.requirements
    .map((r) => {
      const anchor = anchorOf(r);
      const id = anchor ? `<a href="#${escapeHtml(anchor)}">${escapeHtml(r.id)}</a>` : escapeHtml(r.id);
      return `<tr><td>${id}</td><td>${escapeHtml(requirementText(r))}</td><td>${escapeHtml(priorityText(r.priority))}</td><td>${escapeHtml(appliesToText(r.appliesTo, input.boroughName))}</td></tr>`;
    })
    .join('');
  const title = `${cover.procurement.title}: ${specificationKind.toLowerCase()}`;
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${styles}</style>
</head>
<body>
<header class="cover">
<h1>${escapeHtml(cover.procurement.title)}</h1>
<p class="kind">${escapeHtml(specificationKind)}</p>
<dl class="facts">${facts}</dl>
<h2>Boroughs taking part</h2>
<table><thead><tr>${boroughHead}</tr></thead><tbody>${boroughs}</tbody></table>
</header>
<nav class="contents" aria-labelledby="contents-title">
<h2 id="contents-title">Contents</h2>
<ol>${contents}</ol>
</nav>
<main>
${body || '<p>The specification is empty.</p>'}
</main>
<section class="appendix">
<h2 id="appendix">${escapeHtml(appendixTitle)}</h2>
${
  input.requirements.length === 0
    ? '<p>The specification has no requirements yet.</p>'
    : `<table><colgroup><col class="col-id"><col><col class="col-priority"><col class="col-boroughs"></colgroup><thead><tr><th scope="col">ID</th><th scope="col">Requirement</th><th scope="col">Priority</th><th scope="col">Applies to</th></tr></thead><tbody>${appendixRows}</tbody></table>`
}
</section>
</body>
</html>
`;
}
