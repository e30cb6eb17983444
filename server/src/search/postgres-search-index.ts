/**
 * The search index in PostgreSQL, shared by every server: rows in `search_entries`
 * with their folded words as a `tsvector` (`words`, GIN-indexed; see the migration
 * 2026-12-02T14-search-words and folded-words.ts). A search is one query: each word
 * matched as the start of a stemmed word (`'word':*`, all of them), among the
 * procurements the person is a member of only, scored from each row's own text as
 * ranking.ts scores SQLite's (never from statistics over other procurements' rows).
 * The words of the best rows that match are then found by PostgreSQL (the same
 * stemming and matching) and their snippets cut here as FTS5 cuts them.
 *
 * What differs from SQLite's index: PostgreSQL's Porter stemmer and FTS5's agree on
 * English words but the words are cut and folded here (Unicode's letters and digits,
 * accents taken off every script's letters, not only Latin ones'); results of equal
 * score keep a stable order (by row) where SQLite's is the order it read them in; a
 * text's words past the 20,000th are not indexed.
 */
import { sql, type Compilable, type RawBuilder } from 'kysely';
import type { SearchKind, SearchPlace, SearchResult } from '../../../shared/search.js';
import type { Database, Queries } from '../db/queries.js';
import { foldedText, foldedWords, foldWord } from './folded-words.js';
import type { SearchIndex, SearchPiece } from './search-index.js';
import { rowChanges, type StoredPieceRow } from './kept-rows.js';
import { markedSnippet, marks, snippetOf } from './snippets.js';

/** The text search configuration the migration made: the Porter stemmer, no stop words. */
const configuration = sql.lit('jointly_search');

/** bm25's constants and weights, as ranking.ts has them for SQLite. */
const saturation = 1.2;
const lengthWeight = 0.75;
const nameWeight = 5;
const typicalLength = 200;

interface Row {
  procurement_id: string;
  procurement_title: string;
  kind: SearchKind;
  location: string;
  place: string;
  title: string;
  body: string;
}

interface Entry {
  piece: SearchPiece;
  position: number;
  threadId: string | null;
}

export class PostgresSearchIndex implements SearchIndex {
  constructor(private readonly db: Database) {
    if (db.dialect !== 'postgres') throw new Error(`PostgresSearchIndex needs a PostgreSQL database, not ${db.dialect}`);
  }

  /**
   * As SQLite's: rows whose words are unchanged stay (their place, where-text and
   * position brought up to date), so typing in one requirement rewrites one row.
   */
  async replaceDocument(procurementId: string, pieces: readonly SearchPiece[], seq: number): Promise<void> {
    await this.db.derivedTransaction(async (tx) => {
      // Another server's re-index of a later position may have committed first: keep it.
      const held = await tx.first(
        tx.kysely.selectFrom('search_progress').select('indexed_seq').where('procurement_id', '=', procurementId),
      );
      if (held && held.indexed_seq > seq) return;
      const existing = await tx.all(
        raw<StoredPieceRow>(
          tx,
          sql`SELECT id, kind, place, location, position, title, body, keys, words IS NULL AS unindexed
              FROM search_entries WHERE procurement_id = ${procurementId} AND thread_id IS NULL`,
        ),
      );
      const { updated, removed, added } = rowChanges(existing, pieces, cleanText, cleanText);
      for (const { id, ...columns } of updated) {
        await tx.run(tx.kysely.updateTable('search_entries').set(columns).where('id', '=', id));
      }
      if (removed.length > 0) await tx.run(tx.kysely.deleteFrom('search_entries').where(tx.inList('id', removed)));
      await insert(
        tx,
        procurementId,
        added.map((entry) => ({ ...entry, threadId: null })),
      );
      const now = tx.now();
      await tx.run(
        tx.kysely
          .insertInto('search_progress')
          .values({ procurement_id: procurementId, indexed_seq: seq, indexed_at: now })
          .onConflict((conflict) => conflict.column('procurement_id').doUpdateSet({ indexed_seq: seq, indexed_at: now })),
      );
    });
  }

  async replaceThread(procurementId: string, threadId: string, pieces: readonly SearchPiece[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run(tx.kysely.deleteFrom('search_entries').where('procurement_id', '=', procurementId).where('thread_id', '=', threadId));
      await insert(
        tx,
        procurementId,
        pieces.map((piece, position) => ({ piece, position, threadId })),
      );
    });
  }

  async replaceComments(procurementId: string, pieces: readonly (SearchPiece & { threadId: string })[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run(tx.kysely.deleteFrom('search_entries').where('procurement_id', '=', procurementId).where('thread_id', 'is not', null));
      await insert(
        tx,
        procurementId,
        pieces.map((piece, position) => ({ piece, position, threadId: piece.threadId })),
      );
    });
  }

  async indexedSeq(procurementId: string): Promise<number> {
    const row = await this.db.first(
      raw<{ indexed_seq: number }>(
        this.db,
        sql`${indexedSeqOf(sql`s.procurement_id`)} AS indexed_seq FROM search_progress s WHERE s.procurement_id = ${procurementId}`,
      ),
    );
    return row?.indexed_seq ?? 0;
  }

  async procurements(): Promise<{ procurementId: string; indexedSeq: number }[]> {
    const rows = await this.db.all(
      raw<{ id: string; indexed_seq: number | null }>(
        this.db,
        sql`${indexedSeqOf(sql`p.id`)} AS indexed_seq, p.id
            FROM procurements p LEFT JOIN search_progress s ON s.procurement_id = p.id ORDER BY p.id`,
      ),
    );
    return rows.map((row) => ({ procurementId: row.id, indexedSeq: row.indexed_seq ?? 0 }));
  }

  async search(userId: string, words: readonly string[], limit: number): Promise<SearchResult[]> {
    const folded = words.map(foldWord).filter((word) => word !== '');
    if (folded.length === 0) return [];
    const query = sql`to_tsquery(${configuration}, ${prefixQuery(folded)})`;
    // Membership is part of the join: rows of other procurements are never scored or
    // counted. Each word counts by its stem, as PostgreSQL matched it.
    const occurrences = (column: RawBuilder<string>) =>
      sql`(length(${column}) - length(replace(lower(${column}), s.stem, ''))) / length(s.stem)`;
    const count = sql`greatest(1, ${sql.lit(nameWeight)} * (${occurrences(sql`e.title`)} + ${occurrences(sql`e.keys`)}) + ${occurrences(sql`e.body`)})`;
    const relativeLength = sql`((length(e.title) + length(e.body) + 1.0) / ${sql.lit(typicalLength)})`;
    const rows = await this.db.all(
      raw<Row>(
        this.db,
        sql`WITH stems AS (
              SELECT coalesce(
                (SELECT d.lexemes[1] FROM ts_debug(${configuration}, w.word) AS d WHERE cardinality(d.lexemes) > 0 LIMIT 1),
                w.word) AS stem
              FROM unnest(${folded}::text[]) AS w(word)
            ),
            best AS (
              SELECT e.id,
                (SELECT sum(${count} * ${sql.lit(saturation + 1)} /
                   (${count} + ${sql.lit(saturation)} * (${sql.lit(1 - lengthWeight)} + ${sql.lit(lengthWeight)} * ${relativeLength})))
                 FROM stems s) AS score
              FROM search_entries e
              JOIN procurement_members m ON m.procurement_id = e.procurement_id AND m.user_id = ${userId}
              WHERE e.words @@ ${query}
              ORDER BY score DESC, e.procurement_id, e.position, e.id
              LIMIT ${limit}
            )
            SELECT e.procurement_id, p.title AS procurement_title, e.kind, e.location, e.place, e.title, e.body
            FROM best
            JOIN search_entries e ON e.id = best.id
            JOIN procurements p ON p.id = e.procurement_id
            ORDER BY best.score DESC, e.procurement_id, e.position, e.id`,
      ),
    );
    const snippets = await this.snippets(
      folded,
      rows.flatMap((row) => [row.title, row.body]),
    );
    return rows.map((row, n) => ({
      procurement: { id: row.procurement_id, title: row.procurement_title },
      kind: row.kind,
      where: row.location,
      snippet: snippetOf(snippets[2 * n]!, snippets[2 * n + 1]!),
      place: JSON.parse(row.place) as SearchPlace,
    }));
  }

  /**
   * Each text's snippet, its words marked where they match a searched word: each
   * different folded word is asked of PostgreSQL once, against each searched word
   * alone, with the same stemming and prefix matching as the search itself (so a
   * snippet also knows which searched word each found word is, as FTS5's does).
   */
  private async snippets(searched: readonly string[], texts: readonly string[]): Promise<string[]> {
    const words = texts.map(foldedWords);
    const distinct = [...new Set(words.flat().map((word) => word.folded))];
    if (distinct.length === 0) return texts.map(() => '');
    const rows = await this.db.all(
      raw<{ word: string; searched: number[] }>(
        this.db,
        sql`SELECT w.word, array_agg(q.n - 1 ORDER BY q.n) AS searched
            FROM unnest(${distinct}::text[]) AS w(word)
            CROSS JOIN LATERAL to_tsvector(${configuration}, w.word) AS v(words)
            JOIN (SELECT n, to_tsquery(${configuration}, one) AS query
                  FROM unnest(${searched.map((word) => prefixQuery([word]))}::text[]) WITH ORDINALITY AS s(one, n)) AS q
              ON v.words @@ q.query
            GROUP BY w.word`,
      ),
    );
    const matches = new Map(rows.map((row) => [row.word, row.searched.map(Number)]));
    return texts.map((text, n) =>
      markedSnippet(
        text,
        words[n]!,
        words[n]!.map((word) => matches.get(word.folded) ?? []),
      ),
    );
  }
}

/**
 * Inserts entries, their words folded and stemmed, in one statement whatever their
 * number. A piece's name and number come before its body, so that a body too long to
 * index whole never pushes them out.
 */
async function insert(tx: Queries, procurementId: string, entries: readonly Entry[]): Promise<void> {
  if (entries.length === 0) return;
  const cleaned = entries.map((entry) => ({ ...entry, ...clean(entry.piece) }));
  const column = <T>(of: (entry: (typeof cleaned)[number]) => T) => cleaned.map(of);
  await tx.run(
    raw(
      tx,
      sql`INSERT INTO search_entries (procurement_id, kind, thread_id, place, location, position, title, body, keys, words)
          SELECT ${procurementId}, r.kind, r.thread_id, r.place, r.location, r.position, r.title, r.body, r.keys,
                 to_tsvector(${configuration}, r.folded)
          FROM unnest(
            ${column((e) => e.piece.kind)}::text[], ${column((e) => e.threadId)}::text[], ${column((e) => JSON.stringify(e.piece.place))}::text[],
            ${column((e) => cleanText(e.piece.location))}::text[], ${column((e) => e.position)}::int8[], ${column((e) => e.title)}::text[],
            ${column((e) => e.body)}::text[], ${column((e) => e.keys)}::text[],
            ${column((e) => foldedText(`${e.title} ${e.keys} ${e.body}`))}::text[]
          ) AS r(kind, thread_id, place, location, position, title, body, keys, folded)`,
    ),
  );
}

/**
 * The log position a procurement's document is indexed up to, as SQL; 0 while any of
 * its rows lacks its words (copied from SQLite without them), so that it is rebuilt.
 */
const indexedSeqOf = (procurementId: RawBuilder<unknown>) =>
  sql`SELECT CASE WHEN EXISTS (SELECT 1 FROM search_entries u WHERE u.procurement_id = ${procurementId} AND u.words IS NULL)
                  THEN 0 ELSE s.indexed_seq END`;

/** Every folded word as the start of a word, all of them: `'repair':* & 'slot':*`. */
function prefixQuery(folded: readonly string[]): string {
  // Folded words hold only letters and digits; doubling quotes and backslashes keeps even that promise local.
  return folded.map((word) => `'${word.replaceAll('\\', '\\\\').replaceAll("'", "''")}':*`).join(' & ');
}

/** A raw statement run through `Queries`, compiled by its own Kysely. */
function raw<R>(db: Queries, query: RawBuilder<unknown>): Compilable<R> {
  return { compile: () => query.compile(db.kysely) };
}

/**
 * Text as PostgreSQL can hold it and snippets can show it: without NUL (which a text
 * column refuses) and the characters that mark snippets.
 */
const cleanText = (text: string) => text.replaceAll('\0', '').replace(marks, '');

function clean(piece: Pick<SearchPiece, 'title' | 'body' | 'keys'>): Pick<SearchPiece, 'title' | 'body' | 'keys'> {
  return { title: cleanText(piece.title), body: cleanText(piece.body), keys: cleanText(piece.keys) };
}
