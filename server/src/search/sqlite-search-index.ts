/**
 * The search index in SQLite: rows in `search_entries`, their words in the FTS5 table
 * `search_text` (kept in step by triggers; see the migration). A search is one query:
 * the words matched in FTS5, joined with the person's memberships so that only their
 * procurements' rows are ranked (by those rows alone: see ranking.ts) and counted,
 * and a snippet of each of the best, marked where the words were found.
 *
 * SQLite's own (FTS5 on the server's connection), so it stays on the synchronous `Db`;
 * PostgreSQL's index (postgres-search-index.ts) uses its own full-text search behind
 * the same interface.
 */
import type { SearchPlace, SearchResult } from '../../../shared/search.js';
import type { Db } from '../db/database.js';
import { fts5Query } from './query.js';
import { rankedMatches, WordStems } from './ranking.js';
import type { SearchIndex, SearchPiece } from './search-index.js';
import { rowChanges, type StoredPieceRow } from './kept-rows.js';
import { markEnd, marks, markStart, snippetOf, snippetWords } from './snippets.js';

interface Row {
  procurement_id: string;
  procurement_title: string;
  kind: SearchResult['kind'];
  location: string;
  place: string;
  title_snippet: string;
  body_snippet: string;
}

export class SqliteSearchIndex implements SearchIndex {
  private readonly stems: WordStems;

  constructor(private readonly db: Db) {
    this.stems = new WordStems(db);
  }

  // Every method runs synchronously on the connection once none of the app's
  // asynchronous transactions holds it (`Db.heldUntil`), checked in the same turn.

  /**
   * Measured on 300 requirements, deleting and inserting every row took 60–160 ms (FTS5
   * tokenises each row twice), long enough to stall live sync after every burst of
   * typing. So the rows whose words are unchanged stay, with their place, where-text and
   * position brought up to date (those columns are not in the FTS table); only pieces
   * whose words changed are deleted and inserted: typing in one requirement rewrites one row.
   */
  async replaceDocument(procurementId: string, pieces: readonly SearchPiece[], seq: number): Promise<void> {
    while (this.db.heldUntil) await this.db.heldUntil;
    const { db } = this;
    // Rows derived from the log, rebuilt from it at start when behind: no wait for the disk.
    db.derivedTransaction(() => {
      const held = db.prepare('SELECT indexed_seq FROM search_progress WHERE procurement_id = ?').get(procurementId) as
        { indexed_seq: number } | undefined;
      if (held && held.indexed_seq > seq) return; // a newer position is indexed already
      const existing = db
        .prepare(
          'SELECT id, kind, place, location, position, title, body, keys FROM search_entries WHERE procurement_id = ? AND thread_id IS NULL',
        )
        .all(procurementId) as StoredPieceRow[];
      const { updated, removed, added } = rowChanges(existing, pieces, withoutMarks, (location) => location);
      const update = db.prepare('UPDATE search_entries SET kind = ?, place = ?, location = ?, position = ? WHERE id = ?');
      for (const row of updated) update.run(row.kind, row.place, row.location, row.position, row.id);
      const remove = db.prepare('DELETE FROM search_entries WHERE id = ?');
      for (const id of removed) remove.run(id);
      this.insert(procurementId, added, () => null);
      db.prepare(
        `INSERT INTO search_progress (procurement_id, indexed_seq, indexed_at) VALUES (?, ?, ?)
         ON CONFLICT (procurement_id) DO UPDATE SET indexed_seq = excluded.indexed_seq, indexed_at = excluded.indexed_at`,
      ).run(procurementId, seq, db.now());
    });
  }

  async replaceThread(procurementId: string, threadId: string, pieces: readonly SearchPiece[]): Promise<void> {
    while (this.db.heldUntil) await this.db.heldUntil;
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM search_entries WHERE procurement_id = ? AND thread_id = ?').run(procurementId, threadId);
      this.insert(procurementId, inOrder(pieces), () => threadId);
    });
  }

  async replaceComments(procurementId: string, pieces: readonly (SearchPiece & { threadId: string })[]): Promise<void> {
    while (this.db.heldUntil) await this.db.heldUntil;
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM search_entries WHERE procurement_id = ? AND thread_id IS NOT NULL').run(procurementId);
      this.insert(procurementId, inOrder(pieces), (piece) => piece.threadId);
    });
  }

  async indexedSeq(procurementId: string): Promise<number> {
    while (this.db.heldUntil) await this.db.heldUntil;
    const row = this.db.first(
      this.db.kysely.selectFrom('search_progress').select('indexed_seq').where('procurement_id', '=', procurementId),
    );
    return row?.indexed_seq ?? 0;
  }

  async procurements(): Promise<{ procurementId: string; indexedSeq: number }[]> {
    while (this.db.heldUntil) await this.db.heldUntil;
    const rows = this.db.all(
      this.db.kysely
        .selectFrom('procurements as p')
        .leftJoin('search_progress as s', 's.procurement_id', 'p.id')
        .select(['p.id', 's.indexed_seq'])
        .orderBy('p.id'),
    );
    return rows.map((r) => ({ procurementId: r.id, indexedSeq: r.indexed_seq ?? 0 }));
  }

  async search(userId: string, words: readonly string[], limit: number): Promise<SearchResult[]> {
    const match = fts5Query(words);
    if (!match) return [];
    while (this.db.heldUntil) await this.db.heldUntil;
    // Membership is part of the join: rows of other procurements are never ranked or
    // counted. Snippets are made for the best rows only (making them is the slow part).
    const ranked = rankedMatches(this.stems.of(words));
    const rows = this.db
      .prepare(
        `WITH ${ranked.sql}
         SELECT e.procurement_id, p.title AS procurement_title, e.kind, e.location, e.place,
                snippet(search_text, 0, '${markStart}', '${markEnd}', '…', ${snippetWords}) AS title_snippet,
                snippet(search_text, 1, '${markStart}', '${markEnd}', '…', ${snippetWords}) AS body_snippet
         FROM best
         JOIN search_text ON search_text.rowid = best.id
         JOIN search_entries e ON e.id = best.id
         JOIN procurements p ON p.id = e.procurement_id
         WHERE search_text MATCH ?
         ORDER BY best.score DESC, e.procurement_id, e.position`,
      )
      .all(...ranked.parameters(userId, match, limit), match) as Row[];
    return rows.map((row) => ({
      procurement: { id: row.procurement_id, title: row.procurement_title },
      kind: row.kind,
      where: row.location,
      snippet: snippetOf(row.title_snippet, row.body_snippet),
      place: JSON.parse(row.place) as SearchPlace,
    }));
  }

  private insert<P extends SearchPiece>(
    procurementId: string,
    pieces: readonly { piece: P; position: number }[],
    threadOf: (piece: P) => string | null,
  ): void {
    const insert = this.db.prepare(
      `INSERT INTO search_entries (procurement_id, kind, thread_id, place, location, position, title, body, keys)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const { piece, position } of pieces) {
      const { title, body, keys } = piece;
      const words = [withoutMarks(title), withoutMarks(body), withoutMarks(keys)];
      insert.run(procurementId, piece.kind, threadOf(piece), JSON.stringify(piece.place), piece.location, position, ...words);
    }
  }
}

const inOrder = <P>(pieces: readonly P[]) => pieces.map((piece, position) => ({ piece, position }));

/** Indexed text, without the characters that mark snippets. */
const withoutMarks = (text: string) => text.replace(marks, '');
