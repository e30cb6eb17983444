/**
 * The search index where none can be kept yet: the app's data on PostgreSQL, before
 * PostgreSQL has an index of its own. It keeps nothing, so the indexer's work costs
 * nothing and never fails, and every search is answered with a clear 503: the rest of
 * the service carries on as usual.
 */
import type { SearchResult } from '../../../shared/search.js';
import { AppError } from '../errors.js';
import type { SearchIndex } from './search-index.js';

/** What a person is told when they search. */
export const searchUnavailableMessage = 'Search is not available on this service yet. Everything else works as usual.';

export class UnavailableSearchIndex implements SearchIndex {
  async replaceDocument(): Promise<void> {}

  async replaceThread(): Promise<void> {}

  async replaceComments(): Promise<void> {}

  /** Nothing is ever indexed. */
  async indexedSeq(): Promise<number> {
    return 0;
  }

  /** None, so catching up at start reads nothing. */
  async procurements(): Promise<{ procurementId: string; indexedSeq: number }[]> {
    return [];
  }

  search(): Promise<SearchResult[]> {
    return Promise.reject(new AppError(503, 'search_unavailable', searchUnavailableMessage));
  }
}
