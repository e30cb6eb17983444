/**
 * The helper that holds a document's head in PostgreSQL, so tests can make writers on
 * several servers meet at its lock: it must see every writer that waits, including one
 * on a connection opened after it began watching (a server's pool opens them as it likes).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdDocumentHead } from './support/document-head.js';
import { startTestPostgres, type TestPostgres } from './support/postgres.js';

let postgres: TestPostgres;
let url: string;

beforeAll(async () => {
  postgres = await startTestPostgres();
  url = await postgres.createDatabase();
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query('CREATE TABLE document_heads (document text PRIMARY KEY, last_seq bigint NOT NULL)');
  await setup.query(`INSERT INTO document_heads VALUES ('spec', 1)`);
  await setup.end();
}, 60_000);

afterAll(async () => postgres?.stop());

describe('holding a document’s head', () => {
  it('counts a writer that connects after the watching began', async () => {
    const head = await holdDocumentHead(url, 'spec');
    const writer = new pg.Client({ connectionString: url });
    let written: Promise<pg.QueryResult> | null = null;
    try {
      // The watch starts while nobody waits, then a new connection comes to write.
      const waiting = head.writersWaiting(1, 5000);
      await writer.connect();
      written = writer.query('UPDATE document_heads SET last_seq = last_seq + 1 WHERE document = $1', ['spec']);
      await waiting;
    } finally {
      await head.release();
      await written;
      await writer.end();
    }
    expect((await written)?.rowCount).toBe(1);
  });
});
