/**
 * The address a request came from, for rate limits. X-Forwarded-For is believed only
 * when the connection itself comes from a configured trusted proxy; a client can write
 * anything in that header.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

export function clientAddress(c: Context, trustedProxies: readonly string[]): string {
  let peer = 'unknown';
  try {
    peer = normalise(getConnInfo(c).remote.address ?? 'unknown');
  } catch {
    // Not a Node request (tests calling app.fetch directly).
  }
  // Proxies may be configured in either spelling of an IPv4 address.
  const trusted = trustedProxies.map(normalise);
  if (!trusted.includes(peer)) return peer;
  const forwarded = c.req.header('x-forwarded-for');
  if (!forwarded) return peer;
  // The proxy appends the address it saw; anything to its left was written by the client.
  const hops = forwarded
    .split(',')
    .map((hop) => normalise(hop.trim()))
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!trusted.includes(hops[i]!)) return hops[i]!;
  }
  return peer;
}

/** IPv4-mapped IPv6 (`::ffff:192.0.2.1`, in any case) written as plain IPv4. */
function normalise(address: string): string {
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address) ? address.slice(7) : address;
}
