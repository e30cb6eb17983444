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
  if (!trustedProxies.includes(peer)) return peer;
  const forwarded = c.req.header('x-forwarded-for');
  if (!forwarded) return peer;
  // The proxy appends the address it saw; anything to its left was written by the client.
  const hops = forwarded
    .split(',')
    .map((hop) => normalise(hop.trim()))
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!trustedProxies.includes(hops[i]!)) return hops[i]!;
  }
  return peer;
}

function normalise(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
