/**
 * How every pool of ours reads PostgreSQL's values. Times, counts, positions and Yjs
 * client ids are 64-bit columns far below 2^53: they are read as numbers, as SQLite gives
 * them, rather than `pg`'s default strings. Set per pool (`new pg.Pool({ types })`), never
 * on `pg` globally.
 */
import pg from 'pg';

const int8Oid = 20;

export const numbersForInt8 = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
    oid === int8Oid && format !== 'binary'
      ? (value: string) => Number(value)
      : (pg.types.getTypeParser(oid, format) as unknown)) as typeof pg.types.getTypeParser,
};
