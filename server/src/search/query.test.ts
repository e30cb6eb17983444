/**
 * Whatever a person types becomes a search FTS5 accepts: seeded random text, weighted
 * towards FTS5's own syntax, is run against a real FTS5 table with the same tokeniser
 * as the index; none of it may fail, and words still find what they should.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { fts5Query, maxSearchWords, searchWords } from './query.js';

const db = new Database(':memory:');
db.exec(`CREATE VIRTUAL TABLE t USING fts5 (title, body, tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3')`);
db.prepare('INSERT INTO t VALUES (?, ?)').run('REQ-014', 'Residents book appointment slots for repairs in the café');
afterAll(() => db.close());

const matches = (text: string): number => {
  const query = fts5Query(searchWords(text));
  return query === null ? 0 : (db.prepare('SELECT count(*) AS n FROM t WHERE t MATCH ?').get(query) as { n: number }).n;
};

const syntax = [
  '"',
  "'",
  '*',
  ':',
  '^',
  '-',
  '+',
  '(',
  ')',
  '{',
  '}',
  ' AND ',
  ' OR ',
  ' NOT ',
  'NEAR',
  'NEAR(',
  ',',
  '\\',
  '\u0000',
  '\u0301',
  '\uE000',
  '🙂',
  'é',
  'title',
  'body',
];

describe('any text is a valid search', () => {
  it('never makes FTS5 fail (seeded)', () => {
    const piece = fc.oneof(fc.constantFrom(...syntax), fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 8 }));
    const text = fc.array(piece, { maxLength: 40 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (input) => {
        expect(() => matches(input)).not.toThrow();
      }),
      { seed: 20261201, numRuns: 2000 },
    );
  });

  it('keeps words and drops everything else', () => {
    expect(searchWords('NEAR("appointment" slots) OR -REQ-014*')).toEqual(['near', 'appointment', 'slots', 'or', 'req', '014']);
    expect(searchWords('  ')).toEqual([]);
    expect(fts5Query([])).toBeNull();
    expect(searchWords('a b c d e f g h i j k l m n o p')).toHaveLength(maxSearchWords);
  });

  it('finds by the starts of words, their stems, accents or none, and numbers', () => {
    for (const text of ['appoint slot', 'REPAIR', 'booking', 'cafe', 'req-014', '014', '"appointment" (slots)']) {
      expect(matches(text), text).toBe(1);
    }
    // OR is a word here, not an operator: every word must be there.
    expect(matches('appointment OR nothing')).toBe(0);
  });
});
