/**
 * Where the search index is kept, behind one interface: in SQLite (FTS5, see
 * sqlite-search-index.ts) or in PostgreSQL (its own full-text search, see
 * postgres-search-index.ts). The
 * indexer hands it pieces; the routes ask it for one person's results. An
 * implementation must search only the procurements the person is a member of, inside
 * its own query, so that nothing of another procurement is read, counted or ranked.
 */
import type { SearchKind, SearchPlace, SearchResult } from '../../../shared/search.js';

/** One thing that can be found: a requirement, a block, an activity, a decision, an option, a comment. */
export interface SearchPiece {
  kind: SearchKind;
  place: SearchPlace;
  /** Where it is, in words ("REQ-014, Scheduling"). */
  location: string;
  /** Its name or number (weighs more than the body). */
  title: string;
  body: string;
  /** Further words it is found by but never shows (a requirement's bare number). */
  keys: string;
}

export interface SearchIndex {
  /**
   * Replaces every piece of a procurement's document (its comments stay), recording that
   * the index now reflects its log up to `seq`; all or nothing. An index that several
   * servers share must keep the newest: one server's re-index can end after another's
   * of a later position, so it replaces only when `seq` is beyond the position it holds,
   * read in the same transaction.
   */
  replaceDocument(procurementId: string, pieces: readonly SearchPiece[], seq: number): Promise<void>;
  /** Replaces the pieces of one comment thread (none: the thread is gone). */
  replaceThread(procurementId: string, threadId: string, pieces: readonly SearchPiece[]): Promise<void>;
  /** Replaces the pieces of every comment of a procurement. */
  replaceComments(procurementId: string, pieces: readonly (SearchPiece & { threadId: string })[]): Promise<void>;
  /** The log position the procurement's document is indexed up to (0: never indexed). */
  indexedSeq(procurementId: string): Promise<number>;
  /** Every procurement, with the log position its index reflects. */
  procurements(): Promise<{ procurementId: string; indexedSeq: number }[]>;
  /**
   * The best `limit` results for `words` among the procurements `userId` is a member of.
   * `words` are already plain words (see query.ts); each matches as a prefix, all must.
   */
  search(userId: string, words: readonly string[], limit: number): Promise<SearchResult[]>;
}
