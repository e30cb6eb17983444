/**
 * What a re-index of a procurement's document does to its stored rows, the same for both
 * indexes: a row whose words (title, body, keys) are unchanged stays, with its kind,
 * place, where-text and position brought up to date; every other row goes, and pieces
 * with no such row are inserted. Tokenising is what costs, so typing in one requirement
 * rewrites one row (see SqliteSearchIndex.replaceDocument).
 */
import type { SearchKind } from '../../../shared/search.js';
import type { SearchPiece } from './search-index.js';

/** A stored row of a document's pieces, as an index reads it back. */
export interface StoredPieceRow {
  id: number;
  kind: string;
  place: string;
  location: string;
  position: number;
  title: string;
  body: string;
  keys: string;
  /** Held without its words (copied in from elsewhere): never kept, so it is indexed anew. */
  unindexed?: boolean;
}

export interface RowChanges {
  /** Kept rows whose other columns change. */
  updated: { id: number; kind: SearchKind; place: string; location: string; position: number }[];
  removed: number[];
  added: { piece: SearchPiece; position: number }[];
}

/**
 * The changes that bring `existing` to `pieces`. `cleanText` is what the index stores of a
 * text (its words are compared as stored); `storedLocation` what it stores of the where-text.
 */
export function rowChanges(
  existing: readonly StoredPieceRow[],
  pieces: readonly SearchPiece[],
  cleanText: (text: string) => string,
  storedLocation: (text: string) => string,
): RowChanges {
  const unchanged = new Map<string, StoredPieceRow[]>();
  for (const row of existing) {
    if (row.unindexed) continue;
    const key = wordsKey(row);
    unchanged.set(key, [...(unchanged.get(key) ?? []), row]);
  }
  const changes: RowChanges = { updated: [], removed: [], added: [] };
  const kept = new Set<number>();
  pieces.forEach((piece, position) => {
    const row = unchanged.get(wordsKey({ title: cleanText(piece.title), body: cleanText(piece.body), keys: cleanText(piece.keys) }))?.pop();
    if (!row) return changes.added.push({ piece, position });
    kept.add(row.id);
    const place = JSON.stringify(piece.place);
    const location = storedLocation(piece.location);
    if (row.kind !== piece.kind || row.place !== place || row.location !== location || row.position !== position) {
      changes.updated.push({ id: row.id, kind: piece.kind, place, location, position });
    }
  });
  changes.removed = existing.filter((row) => !kept.has(row.id)).map((row) => row.id);
  return changes;
}

/** What a row's words are made from: rows with the same key need no re-indexing. */
const wordsKey = (row: Pick<SearchPiece, 'title' | 'body' | 'keys'>) => JSON.stringify([row.title, row.body, row.keys]);
