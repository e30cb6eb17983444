/**
 * Markdown (CommonMark with GitHub tables) from the content model. Text from the
 * document is escaped, so a "*" or "|" someone typed stays a character and never turns
 * into formatting or breaks a table.
 */
import { topHeadingLevel } from './block-queries.js';
import type { Block, RequirementBlock, Run, TableCell } from './content.js';
import { appliesToText, priorityText } from './format.js';

/** Escapes characters that mean something anywhere in a line. */
export function escapeInline(text: string): string {
  return text.replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`).replace(/&(?=#?[A-Za-z0-9]+;)/g, '&amp;');
}

/** Escapes what would start a heading, list or quotation at the start of a line. */
function escapeLineStart(line: string): string {
  return line.replace(/^(\s*)([#>+=-])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

/** Plain text as one Markdown paragraph's content. */
export function escapeText(text: string): string {
  return text
    .split('\n')
    .map((line) => escapeLineStart(escapeInline(line)))
    .join('  \n');
}

/** A link address that cannot end the link early. */
function escapeHref(href: string): string {
  return href.replace(/[\s()<>]/g, (c) => encodeURIComponent(c));
}

/** Marks wrap the words, not the spaces around them: "** bold**" would not be bold. */
function wrap(text: string, marker: string): string {
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(text)!;
  return match[2] ? `${match[1]}${marker}${match[2]}${marker}${match[3]}` : text;
}

/** Inline Markdown for runs; `lineBreak` is how a line break inside the text is written. */
export function inlineMarkdown(runs: Run[], lineBreak = '  \n'): string {
  const text = runs
    .map((run) => {
      const lines = run.text.split('\n').map((line) => {
        let out = escapeInline(line);
        if (run.strike) out = wrap(out, '~~');
        // Asterisks, not underscores: they also work inside a word.
        if (run.italic) out = wrap(out, '*');
        if (run.bold) out = wrap(out, '**');
        if (run.link && out.trim()) out = `[${out}](${escapeHref(run.link)})`;
        return out;
      });
      return lines.join('\u0000');
    })
    .join('');
  return (
    text
      .split('\u0000')
      // Only in a block of its own could a line's start be read as a heading or list.
      .map((line) => (lineBreak === '  \n' ? escapeLineStart(line) : line))
      .join(lineBreak)
  );
}

/** A GitHub table row; cells must already be single-line Markdown. */
export function tableRow(cells: string[]): string {
  return `| ${cells.map((c) => c || ' ').join(' | ')} |`;
}

/** A GitHub table of plain text. */
export function plainTable(header: readonly string[], rows: string[][]): string {
  return [
    tableRow(header.map(escapeInline)),
    tableRow(header.map(() => '---')),
    ...rows.map((row) => tableRow(row.map((cell) => escapeInline(cell).replace(/\n/g, '<br>')))),
  ].join('\n');
}

export interface MarkdownOptions {
  /** The Markdown heading level (number of #) of the content's top headings. */
  headingBase: number;
  boroughName: (id: string) => string;
}

/** Blocks as Markdown, separated by blank lines. */
export function blocksMarkdown(blocks: Block[], options: MarkdownOptions): string {
  const shift = options.headingBase - topHeadingLevel(blocks);
  return renderBlocks(blocks, { ...options, shift }).join('\n\n');
}

interface Context extends MarkdownOptions {
  shift: number;
}

function renderBlocks(blocks: Block[], context: Context): string[] {
  return blocks.map((block) => renderBlock(block, context)).filter((s) => s !== '');
}

function renderBlock(block: Block, context: Context): string {
  switch (block.type) {
    case 'heading': {
      const level = Math.min(6, Math.max(1, block.level + context.shift));
      // A heading is one line: its line breaks become spaces.
      return `${'#'.repeat(level)} ${inlineMarkdown(block.runs, ' ').trim()}`;
    }
    case 'paragraph':
      return inlineMarkdown(block.runs);
    case 'list':
      return renderList(block, context);
    case 'table':
      return renderTable(block.rows, context);
    case 'requirement':
      return quote(requirementMarkdown(block, context));
    case 'quote':
      return quote(renderBlocks(block.blocks, context).join('\n\n'));
    case 'rule':
      return '---';
  }
}

function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => (line ? `> ${line}` : '>'))
    .join('\n');
}

/** A requirement as a quotation: its ID, priority and boroughs in bold, then its words. */
export function requirementMarkdown(requirement: RequirementBlock, context: MarkdownOptions & { shift?: number }): string {
  const meta = `**${requirement.id}** · Priority: **${priorityText(requirement.priority)}** · Applies to: **${escapeInline(appliesToText(requirement.appliesTo, context.boroughName))}**`;
  const body = renderBlocks(requirement.blocks, { shift: 0, ...context });
  return [meta, ...body].join('\n\n');
}

function renderList(list: Extract<Block, { type: 'list' }>, context: Context): string {
  return list.items
    .map((item, i) => {
      const marker = list.ordered ? `${list.start + i}.` : '-';
      const indent = ' '.repeat(marker.length + 1);
      const body = renderBlocks(item, context).join('\n\n') || ' ';
      // Continuation lines sit under the item's text, so nested content stays in the item.
      return `${marker} ${body
        .split('\n')
        .map((line, j) => (j === 0 || line === '' ? line : indent + line))
        .join('\n')}`;
    })
    .join('\n');
}

/** A table cell on one line: its paragraphs joined by <br>, as GitHub tables allow. */
function cellMarkdown(cell: TableCell, context: Context): string {
  const parts: string[] = [];
  const walk = (blocks: Block[]) => {
    for (const block of blocks) {
      if (block.type === 'paragraph' || block.type === 'heading') parts.push(inlineMarkdown(block.runs, '<br>'));
      else if (block.type === 'list') {
        block.items.forEach((item, i) => {
          const first = parts.length;
          walk(item);
          // The item's first line carries its bullet or number.
          if (parts.length > first) parts[first] = `${block.ordered ? `${block.start + i}.` : '•'} ${parts[first]}`;
        });
      } else if (block.type === 'requirement') {
        parts.push(
          `**${block.id}** (${priorityText(block.priority)}, ${escapeInline(appliesToText(block.appliesTo, context.boroughName))})`,
        );
        walk(block.blocks);
      } else if (block.type === 'table') block.rows.forEach((row) => row.forEach((c) => walk(c.blocks)));
      else if (block.type === 'quote') walk(block.blocks);
    }
  };
  walk(cell.blocks);
  return parts.join('<br>');
}

function renderTable(rows: TableCell[][], context: Context): string {
  if (rows.length === 0) return '';
  // Markdown tables have no merged cells: a merged cell's text goes in its first place
  // and the other places it covers (to the right, and below) stay empty.
  const grid: string[][] = rows.map(() => []);
  rows.forEach((row, r) => {
    let column = 0;
    for (const cell of row) {
      while (grid[r]![column] !== undefined) column++;
      for (let dr = 0; dr < cell.rowspan && r + dr < rows.length; dr++) {
        for (let dc = 0; dc < cell.colspan; dc++) grid[r + dr]![column + dc] = dr === 0 && dc === 0 ? cellMarkdown(cell, context) : '';
      }
      column += cell.colspan;
    }
  });
  for (const row of grid) for (let i = 0; i < row.length; i++) row[i] ??= '';
  const width = Math.max(...grid.map((row) => row.length));
  const pad = (row: string[]) => [...row, ...Array.from({ length: width - row.length }, () => '')];
  const [header, ...body] = grid;
  return [tableRow(pad(header!)), tableRow(pad([]).map(() => '---')), ...body.map((row) => tableRow(pad(row)))].join('\n');
}
