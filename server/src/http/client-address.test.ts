/**
 * Specifies clientAddress, the address rate limits count a request against: the peer
 * of the connection, unless that peer is a trusted proxy, in which case the right-most
 * X-Forwarded-For hop that is not itself a trusted proxy; IPv4-mapped IPv6 addresses
 * are written as plain IPv4. Requests go to a real `@hono/node-server` listening on the
 * loopback interface, so the peer address is the one Node reports.
 */
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAddress } from './client-address.js';

/** An app answering with the client address, trusting the proxies named in `?trust=`. */
function addressApp() {
  const app = new Hono();
  app.get('/', (c) => c.text(clientAddress(c, c.req.queries('trust') ?? [])));
  return app;
}

interface Listening {
  port: number;
  close(): Promise<void>;
}

async function listen(hostname: string): Promise<Listening> {
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: addressApp().fetch, hostname, port: 0 }, () => resolve(s));
    s.once('error', reject);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}

function query(trusted: readonly string[]): string {
  return trusted.length ? `?${trusted.map((proxy) => `trust=${encodeURIComponent(proxy)}`).join('&')}` : '';
}

/** The address the server sees for a request to `host`, sent with these trusted proxies and X-Forwarded-For. */
async function addressSeen(host: string, port: number, trusted: readonly string[], forwardedFor?: string): Promise<string> {
  const response = await fetch(`http://${host}:${port}/${query(trusted)}`, {
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  });
  expect(response.status).toBe(200);
  return response.text();
}

describe('clientAddress without a Node connection (app.request)', () => {
  it('answers "unknown", as there is no peer to read', async () => {
    const response = await addressApp().request('/');
    expect(await response.text()).toBe('unknown');
  });

  it('ignores X-Forwarded-For when no proxy is trusted', async () => {
    const response = await addressApp().request('/', { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(await response.text()).toBe('unknown');
  });
});

describe('clientAddress behind IPv4 loopback', () => {
  let server: Listening;
  const seen = (trusted: readonly string[], forwardedFor?: string) => addressSeen('127.0.0.1', server.port, trusted, forwardedFor);

  beforeAll(async () => {
    server = await listen('127.0.0.1');
  });

  afterAll(async () => {
    await server.close();
  });

  it('is the peer address when no proxy is trusted', async () => {
    expect(await seen([])).toBe('127.0.0.1');
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    expect(await seen([], '203.0.113.9')).toBe('127.0.0.1');
    expect(await seen(['10.0.0.1'], '203.0.113.9')).toBe('127.0.0.1');
  });

  it('believes X-Forwarded-For from a trusted proxy', async () => {
    expect(await seen(['127.0.0.1'], '203.0.113.9')).toBe('203.0.113.9');
  });

  it('is the proxy’s own address when a trusted proxy sends no X-Forwarded-For', async () => {
    expect(await seen(['127.0.0.1'])).toBe('127.0.0.1');
    expect(await seen(['127.0.0.1'], '')).toBe('127.0.0.1');
  });

  it('takes the right-most hop, which the proxy wrote, not what the client wrote to its left', async () => {
    expect(await seen(['127.0.0.1'], '198.51.100.1, 198.51.100.2, 203.0.113.9')).toBe('203.0.113.9');
  });

  it('skips hops that are themselves trusted proxies, taking the right-most untrusted one', async () => {
    const trusted = ['127.0.0.1', '10.0.0.2', '10.0.0.3'];
    expect(await seen(trusted, '198.51.100.1, 203.0.113.9, 10.0.0.2, 10.0.0.3')).toBe('203.0.113.9');
  });

  it('stops at the first untrusted hop from the right, whatever the client wrote to its left', async () => {
    expect(await seen(['127.0.0.1', '10.0.0.2'], '10.0.0.2, 203.0.113.9')).toBe('203.0.113.9');
  });

  it('falls back to the peer when every hop is a trusted proxy', async () => {
    expect(await seen(['127.0.0.1', '10.0.0.2'], '10.0.0.2, 10.0.0.2')).toBe('127.0.0.1');
  });

  it('ignores spaces around hops and empty hops', async () => {
    expect(await seen(['127.0.0.1'], ' 198.51.100.1 ,, 203.0.113.9 , ')).toBe('203.0.113.9');
    expect(await seen(['127.0.0.1'], ' , ,')).toBe('127.0.0.1');
  });

  it('writes an IPv4-mapped IPv6 hop as plain IPv4', async () => {
    expect(await seen(['127.0.0.1'], '::ffff:203.0.113.9')).toBe('203.0.113.9');
  });

  it('recognises a trusted proxy written as an IPv4-mapped IPv6 hop', async () => {
    expect(await seen(['127.0.0.1', '10.0.0.2'], '203.0.113.9, ::ffff:10.0.0.2')).toBe('203.0.113.9');
  });

  it('writes an IPv4-mapped hop in capitals as plain IPv4 too', async () => {
    expect(await seen(['127.0.0.1'], '::FFFF:203.0.113.9')).toBe('203.0.113.9');
  });

  it('recognises a trusted proxy configured as an IPv4-mapped IPv6 address', async () => {
    expect(await seen(['::ffff:127.0.0.1', '::ffff:10.0.0.2'], '203.0.113.9, 10.0.0.2')).toBe('203.0.113.9');
  });

  it('keeps an IPv6 hop as it is', async () => {
    expect(await seen(['127.0.0.1'], '2001:db8::7')).toBe('2001:db8::7');
  });

  it('reads X-Forwarded-For sent as several header lines as one list, taking the last hop', async () => {
    const address = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: server.port,
          path: `/${query(['127.0.0.1'])}`,
          headers: { 'x-forwarded-for': ['198.51.100.1', '203.0.113.9'] }, // two header lines
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve(text));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(address).toBe('203.0.113.9');
  });
});

describe('clientAddress on a dual-stack listener, reached over IPv4', () => {
  let server: Listening | undefined;

  beforeAll(async () => {
    // Node reports an IPv4 client of an IPv6 socket as ::ffff:a.b.c.d. Machines without IPv6 skip these tests.
    server = await listen('::').catch(() => undefined);
  });

  afterAll(async () => {
    await server?.close();
  });

  it('writes the IPv4-mapped peer address as plain IPv4', async (context) => {
    if (!server) return context.skip('no IPv6 on this machine');
    expect(await addressSeen('127.0.0.1', server.port, [])).toBe('127.0.0.1');
  });

  it('matches the peer against trusted proxies written as plain IPv4', async (context) => {
    if (!server) return context.skip('no IPv6 on this machine');
    expect(await addressSeen('127.0.0.1', server.port, ['127.0.0.1'], '203.0.113.9')).toBe('203.0.113.9');
  });

  it('reports an IPv6 peer as it is', async (context) => {
    if (!server) return context.skip('no IPv6 on this machine');
    expect(await addressSeen('[::1]', server.port, [])).toBe('::1');
    expect(await addressSeen('[::1]', server.port, ['::1'], '2001:db8::7')).toBe('2001:db8::7');
    expect(await addressSeen('[::1]', server.port, ['127.0.0.1'], '2001:db8::7')).toBe('::1');
  });
});
