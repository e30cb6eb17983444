/**
 * The specification as it reads with its open suggestions taken as made: proposed words
 * in, words proposed for removal out, the proposed priority and boroughs (which the
 * requirement already holds), and no trace of who proposed what. Every export shows this
 * unless the Word file is asked for with the suggestions as tracked changes.
 *
 * It is how the exports read before suggestions were marked at all for proposed words and
 * values; words proposed for removal used to stay too, so that a replaced word was printed
 * beside its replacement ("5 working days10 working days").
 */
import type { Block, Run } from './content.js';

function acceptedRuns(runs: Run[]): Run[] {
  return runs.filter((run) => run.suggestion?.kind !== 'deletion').map(({ suggestion: _suggestion, ...run }) => run);
}

/** True when a text block had words and every one of them is proposed for removal. */
function wholeTextRemoved(runs: Run[]): boolean {
  return runs.length > 0 && runs.every((run) => run.suggestion?.kind === 'deletion');
}

function acceptedBlock(block: Block): Block | null {
  switch (block.type) {
    case 'heading':
    case 'paragraph':
      return wholeTextRemoved(block.runs) ? null : { ...block, runs: acceptedRuns(block.runs) };
    case 'list': {
      const items = block.items.map(acceptedBlocks).filter((item, i) => item.length > 0 || block.items[i]!.length === 0);
      return items.length > 0 ? { ...block, items } : null;
    }
    case 'table':
      return { ...block, rows: block.rows.map((row) => row.map((cell) => ({ ...cell, blocks: acceptedBlocks(cell.blocks) }))) };
    case 'requirement': {
      if (block.suggestion?.kind === 'deletion') return null;
      const { suggestion: _suggestion, proposed: _proposed, ...requirement } = block;
      return { ...requirement, blocks: acceptedBlocks(block.blocks) };
    }
    case 'quote': {
      const blocks = acceptedBlocks(block.blocks);
      return blocks.length > 0 || block.blocks.length === 0 ? { ...block, blocks } : null;
    }
    case 'rule':
      return block;
  }
}

/** The blocks as they read with every open suggestion accepted. */
export function acceptedBlocks(blocks: Block[]): Block[] {
  return blocks.map(acceptedBlock).filter((block): block is Block => block !== null);
}
