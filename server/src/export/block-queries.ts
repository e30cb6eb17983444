/**
 * Questions the exports ask of blocks already read: their plain text, the requirements
 * in them, a borough's own variant of them, and their top heading level. Plain functions
 * of the content model; they never touch the Y.Doc.
 */
import type { Block, RequirementBlock, Run } from './content.js';

/** Plain text of runs. */
export function runsText(runs: Run[]): string {
  return runs.map((r) => r.text).join('');
}

/** Plain text of blocks: each text block on its own line. */
export function blocksText(blocks: Block[]): string {
  const lines: string[] = [];
  const walk = (list: Block[]) => {
    for (const block of list) {
      switch (block.type) {
        case 'heading':
        case 'paragraph':
          lines.push(runsText(block.runs));
          break;
        case 'list':
          for (const item of block.items) walk(item);
          break;
        case 'table':
          for (const row of block.rows) for (const cell of row) walk(cell.blocks);
          break;
        case 'requirement':
        case 'quote':
          walk(block.blocks);
          break;
        case 'rule':
          break;
      }
    }
  };
  walk(blocks);
  return lines.join('\n');
}

/** Every requirement, in document order, wherever it sits (lists and tables included). */
export function requirementsIn(blocks: Block[]): RequirementBlock[] {
  const found: RequirementBlock[] = [];
  const walk = (list: Block[]) => {
    for (const block of list) {
      if (block.type === 'requirement') found.push(block);
      if (block.type === 'list') block.items.forEach(walk);
      else if (block.type === 'table') block.rows.forEach((row) => row.forEach((cell) => walk(cell.blocks)));
      else if (block.type === 'quote' || block.type === 'requirement') walk(block.blocks);
    }
  };
  walk(blocks);
  return found;
}

/** A requirement's words on one line (its paragraphs joined by a space), for tables. */
export function requirementText(requirement: RequirementBlock): string {
  return blocksText(requirement.blocks)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ');
}

/**
 * A borough's own variant: the blocks without requirements that apply only to other
 * boroughs. A requirement for everyone (empty appliesTo) or naming this borough stays.
 */
export function variantFor(blocks: Block[], boroughId: string): Block[] {
  const keep = (list: Block[]): Block[] =>
    list.flatMap((block): Block[] => {
      switch (block.type) {
        case 'requirement':
          return block.appliesTo.length === 0 || block.appliesTo.includes(boroughId) ? [{ ...block, blocks: keep(block.blocks) }] : [];
        case 'list': {
          // An item that held only a left-out requirement goes with it.
          const items = block.items.map(keep).filter((item, i) => item.length > 0 || block.items[i]!.length === 0);
          return items.length > 0 ? [{ ...block, items }] : [];
        }
        case 'table':
          return [{ ...block, rows: block.rows.map((row) => row.map((cell) => ({ ...cell, blocks: keep(cell.blocks) }))) }];
        case 'quote':
          return [{ ...block, blocks: keep(block.blocks) }];
        default:
          return [block];
      }
    });
  return keep(blocks);
}

/** The lowest heading level used, so the top headings become Word's Heading 1. */
export function topHeadingLevel(blocks: Block[]): number {
  let top = 6;
  for (const block of blocks) if (block.type === 'heading') top = Math.min(top, block.level);
  return top;
}
