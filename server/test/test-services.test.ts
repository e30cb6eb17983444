/**
 * The private PostgreSQL and Redis that the several-servers tests start: they answer on
 * loopback, keep each test's database apart, and leave nothing behind when stopped.
 */
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPostgres, type TestPostgres } from './support/postgres.js';
import { startTestRedis, type TestRedis } from './support/redis.js';

/** One line of Redis's own protocol, sent over a plain socket; resolves with the reply. */
function redisCommand(port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    socket.once('error', reject);
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.endsWith('\r\n')) {
        socket.end();
        resolve(reply.trim());
      }
    });
    socket.write(`${command}\r\n`);
  });
}

/** Whether anything accepts connections on the port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('private services for tests', () => {
  let postgres: TestPostgres;
  let redis: TestRedis;
  beforeAll(async () => {
    [postgres, redis] = await Promise.all([startTestPostgres(), startTestRedis()]);
  });
  afterAll(async () => {
    await Promise.all([postgres?.stop(), redis?.stop()]);
  });

  it('gives each test an empty database of its own', async () => {
    const [first, second] = [await postgres.createDatabase(), await postgres.createDatabase()];
    expect(first).not.toBe(second);
    const client = new pg.Client({ connectionString: first });
    await client.connect();
    try {
      await client.query('CREATE TABLE note (words text)');
      await client.query("INSERT INTO note VALUES ('only here')");
      expect((await client.query('SELECT words FROM note')).rows).toEqual([{ words: 'only here' }]);
    } finally {
      await client.end();
    }
    const other = new pg.Client({ connectionString: second });
    await other.connect();
    try {
      expect((await other.query("SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'note'")).rows).toEqual([{ n: 0 }]);
    } finally {
      await other.end();
    }
  });

  it('runs Redis on loopback, and starts it again on the same port after an outage', async () => {
    expect(await redisCommand(redis.port, 'PING')).toBe('+PONG');
    await redis.pause();
    expect(await listening(redis.port)).toBe(false);
    await redis.start();
    expect(await redisCommand(redis.port, 'PING')).toBe('+PONG');
  });

  it('stops both and removes their folders', async () => {
    const [otherPostgres, otherRedis] = await Promise.all([startTestPostgres(), startTestRedis()]);
    expect(existsSync(otherPostgres.dir) && existsSync(otherRedis.dir)).toBe(true);
    await Promise.all([otherPostgres.stop(), otherRedis.stop()]);
    expect(await listening(otherPostgres.port)).toBe(false);
    expect(await listening(otherRedis.port)).toBe(false);
    expect(existsSync(otherPostgres.dir)).toBe(false);
    expect(existsSync(otherRedis.dir)).toBe(false);
  });
});
