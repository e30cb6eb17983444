import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Db } from './database.js';

const full = 2;
let dir: string;
let db: Db;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jointly-db-'));
  db = new Db({ path: join(dir, 'test.sqlite'), busyTimeoutMs: 50 });
  db.sqlite.exec('CREATE TABLE derived (n INTEGER)');
});
afterEach(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('derived rows', () => {
  it('are committed, and every later commit waits for the disk again', () => {
    let during = 0;
    db.derivedTransaction(() => {
      during = db.sqlite.pragma('synchronous', { simple: true }) as number;
      db.sqlite.prepare('INSERT INTO derived (n) VALUES (1)').run();
    });
    expect(during).toBeLessThan(full);
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM derived').get()).toEqual({ n: 1 });
    expect(db.sqlite.pragma('synchronous', { simple: true })).toBe(full);
  });

  it('leave nothing behind when the writing fails, and the next commit still waits for the disk', () => {
    expect(() =>
      db.derivedTransaction(() => {
        db.sqlite.prepare('INSERT INTO derived (n) VALUES (1)').run();
        throw new Error('the deriver broke');
      }),
    ).toThrow('the deriver broke');
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM derived').get()).toEqual({ n: 0 });
    expect(db.sqlite.pragma('synchronous', { simple: true })).toBe(full);
  });
});
