/**
 * How search results are ordered, from the rows the person can see and nothing else.
 *
 * FTS5's bm25() weighs each word by how many rows of the whole table hold it and each
 * row by the average length of every row: statistics over other boroughs' procurements
 * too, so the order of a member's results would tell how often a word occurs where they
 * cannot look. Here each matched row is scored in SQL from its own text: how often each
 * searched word (by its stem, as FTS5 matched it) occurs in its name and in its body, a
 * name counting five times, saturated and set against the row's length as bm25 does
 * (against a typical length, not the table's average). There is no weight for a
 * word's rarity: every result holds every word, so rarity would only shift weight
 * between words, and counting it honestly would mean counting the visible rows of each
 * word on every search.
 */
import type { Db } from '../db/database.js';

/** bm25's usual constants: how soon repeats stop counting, and how much length matters. */
const saturation = 1.2;
const lengthWeight = 0.75;
/** A word in a row's name (title or number) counts this many times one in its body. */
const nameWeight = 5;
/**
 * The length, in characters, a row's is set against: about a requirement's. A fixed one,
 * since an average over rows would be over other boroughs' rows too, or cost a pass.
 */
const typicalLength = 200;

/**
 * A common table expression, `best (id, score)`: the `limit` best rows, highest score
 * first, of those matching the FTS5 query among the procurements of a member.
 * `parameters` gives the values for its placeholders, in order.
 */
export function rankedMatches(stems: readonly string[]): {
  sql: string;
  parameters: (userId: string, match: string, limit: number) => unknown[];
} {
  // lower() changes no lengths (it folds ASCII only), so a column's own length stands for its lower-case copy's.
  const occurrences = (column: string) => `(length(${column}) - length(replace(lower(${column}), ?, ''))) / length(?)`;
  const relativeLength = `((length(e.title) + length(e.body) + 1.0) / ${typicalLength})`;
  const terms = stems.map(() => {
    const count = `max(1, ${nameWeight} * (${occurrences('e.title')} + ${occurrences('e.keys')}) + ${occurrences('e.body')})`;
    return `${count} * ${saturation + 1} / (${count} + ${saturation} * (${1 - lengthWeight} + ${lengthWeight} * ${relativeLength}))`;
  });
  const sql = `best AS (
      SELECT e.id, ${terms.join(' + ')} AS score
      FROM search_text
      JOIN search_entries e ON e.id = search_text.rowid
      JOIN procurement_members m ON m.procurement_id = e.procurement_id AND m.user_id = ?
      WHERE search_text MATCH ?
      ORDER BY score DESC, e.procurement_id, e.position
      LIMIT ?
    )`;
  // Each word's count appears twice in its term, each count reads three columns, each column twice.
  const stemParameters = stems.flatMap((stem) => Array<string>(12).fill(stem));
  return { sql, parameters: (userId, match, limit) => [...stemParameters, userId, match, limit] };
}

/**
 * The stem FTS5 matches each searched word by ("appointments" → "appoint"), found by
 * the index's own tokeniser: the words are put in a temporary FTS5 table of this
 * connection made with the same options, and read back from its vocabulary.
 */
export class WordStems {
  private made = false;

  constructor(private readonly db: Db) {}

  /** Makes the temporary tables on first use, after the migrations have made the index. */
  private make(): void {
    if (this.made) return;
    const { sqlite } = this.db;
    const table = sqlite.prepare(`SELECT sql FROM sqlite_schema WHERE name = 'search_text'`).get() as { sql: string } | undefined;
    const tokenize = /tokenize\s*=\s*'([^']*)'/.exec(table?.sql ?? '')?.[1] ?? 'unicode61';
    sqlite.exec(
      `CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_words USING fts5 (word, tokenize = '${tokenize.replaceAll("'", "''")}');
       CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_word_stems USING fts5vocab (temp, search_words, instance);`,
    );
    this.made = true;
  }

  /** Each word's stem, in order; a word the tokeniser keeps nothing of stands for itself. */
  of(words: readonly string[]): string[] {
    this.make();
    const { sqlite } = this.db;
    const { db } = this;
    const found = sqlite.transaction(() => {
      db.prepare('DELETE FROM temp.search_words').run();
      const add = db.prepare('INSERT INTO temp.search_words (rowid, word) VALUES (?, ?)');
      words.forEach((word, n) => add.run(n + 1, word));
      return db.prepare('SELECT doc, term FROM temp.search_word_stems ORDER BY doc DESC, offset DESC').all() as {
        doc: number;
        term: string;
      }[];
    })();
    // Read backwards so that each word keeps its first token.
    const stems = new Map(found.map((row) => [row.doc, row.term]));
    return words.map((word, n) => stems.get(n + 1) || word);
  }
}
