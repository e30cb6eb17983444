/**
 * Questions the exports ask of blocks already read: their plain text, whether they say
 * anything, the requirements in them, a borough's own variant of them, and their top
 * heading level. Plain functions of the content model; they never touch the Y.Doc.
 */
import { suggestionOrigin } from '../../../shared/suggestions.js';
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

/** The user ids of everyone with an open suggestion in the blocks, each once. */
export function suggestersIn(blocks: Block[]): string[] {
  const ids = new Set<string>();
  const add = (suggestionId: string | undefined) => {
    const origin = suggestionOrigin(suggestionId);
    if (origin) ids.add(origin.userId);
  };
  const walk = (list: Block[]) => {
    for (const block of list) {
      switch (block.type) {
        case 'heading':
        case 'paragraph':
          block.runs.forEach((run) => add(run.suggestion?.id));
          break;
        case 'list':
          block.items.forEach(walk);
          break;
        case 'table':
          block.rows.forEach((row) => row.forEach((cell) => walk(cell.blocks)));
          break;
        case 'requirement':
          add(block.suggestion?.id);
          block.proposed?.forEach((p) => add(p.id));
          walk(block.blocks);
          break;
        case 'quote':
          walk(block.blocks);
          break;
        case 'rule':
          break;
      }
    }
  };
  walk(blocks);
  return [...ids];
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
 * Whether a block says anything: words, a requirement, or a list, table or quotation
 * with words in it. A blank paragraph or a horizontal rule says nothing by itself.
 */
export function hasContent(block: Block): boolean {
  switch (block.type) {
    case 'heading':
    case 'paragraph':
      return runsText(block.runs).trim() !== '';
    case 'list':
      return block.items.some((item) => item.some(hasContent));
    case 'table':
      return block.rows.some((row) => row.some((cell) => cell.blocks.some(hasContent)));
    case 'quote':
      return block.blocks.some(hasContent);
    case 'requirement':
      return true;
    case 'rule':
      return false;
  }
}

/**
 * A borough's own variant: the blocks without requirements that apply only to other
 * boroughs. A requirement for everyone (empty appliesTo) or naming this borough stays.
 * What the filtering leaves empty goes too: a list item, a quotation, and a heading
 * whose section (up to the next heading of the same or a higher level) no longer holds
 * anything, so a parent heading whose subsections all went goes as well.
 */
export function variantFor(blocks: Block[], boroughId: string): Block[] {
  function keepBlock(block: Block): Block | null {
    switch (block.type) {
      case 'requirement':
        return block.appliesTo.length === 0 || block.appliesTo.includes(boroughId) ? { ...block, blocks: keep(block.blocks) } : null;
      case 'list': {
        // An item that held only a left-out requirement goes with it.
        const items = block.items.map(keep).filter((item, i) => !leftEmpty(block.items[i]!, item));
        return items.length > 0 ? { ...block, items } : null;
      }
      case 'table':
        return { ...block, rows: block.rows.map((row) => row.map((cell) => ({ ...cell, blocks: keep(cell.blocks) }))) };
      case 'quote': {
        const inner = keep(block.blocks);
        return leftEmpty(block.blocks, inner) ? null : { ...block, blocks: inner };
      }
      default:
        return block;
    }
  }
  function keep(list: Block[]): Block[] {
    return list.map(keepBlock).filter((b): b is Block => b !== null);
  }
  return withoutEmptiedSections(blocks, blocks.map(keepBlock));
}

/** True when `before` said something and `after` (the same blocks filtered) says nothing. */
function leftEmpty(before: Block[], after: Block[]): boolean {
  return before.some(hasContent) && !after.some(hasContent);
}

/**
 * The filtered blocks without the sections the filtering emptied. `after[i]` is
 * `before[i]` filtered (null when it went); headings are never filtered, so a section's
 * extent is the same before and after. A heading that was empty already (a placeholder
 * still to be written) stays, as it does in the whole specification.
 */
function withoutEmptiedSections(before: Block[], after: (Block | null)[]): Block[] {
  const ends: number[] = before.map(() => 0);
  const dropped: boolean[] = before.map(() => false);
  // From the last heading back, so that each section's subsections are decided first.
  for (let i = before.length - 1; i >= 0; i--) {
    const heading = before[i]!;
    if (heading.type !== 'heading') continue;
    let end = i + 1;
    let had = false;
    let has = false;
    for (; end < before.length; end++) {
      const block = before[end]!;
      if (block.type === 'heading') {
        if (block.level <= heading.level) break;
        // A subsection that stays keeps its parent heading.
        if (!dropped[end]) has = true;
        continue;
      }
      if (hasContent(block)) had = true;
      const kept = after[end];
      if (kept && hasContent(kept)) has = true;
    }
    ends[i] = end;
    dropped[i] = had && !has;
  }
  const out: Block[] = [];
  for (let i = 0; i < before.length; i++) {
    // A dropped section holds nothing worth keeping (blank lines, rules): it all goes.
    if (dropped[i]) {
      i = ends[i]! - 1;
      continue;
    }
    const kept = after[i];
    if (kept) out.push(kept);
  }
  return out;
}

/** The lowest heading level used, so the top headings become Word's Heading 1. */
export function topHeadingLevel(blocks: Block[]): number {
  let top = 6;
  for (const block of blocks) if (block.type === 'heading') top = Math.min(top, block.level);
  return top;
}
