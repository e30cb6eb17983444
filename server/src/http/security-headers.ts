/**
 * Headers that tell browsers what the app may do, on every response but the websocket
 * upgrade (which no browser renders, and where headers must not change):
 *
 * - a Content-Security-Policy: scripts only from the app itself, nothing may frame it,
 *   forms post only to it, live sync only to its own origins;
 * - `nosniff`, no referrer (an address can carry a procurement id), no framing;
 * - over https, HSTS, so a browser never tries plain http again.
 *
 * A response that sets its own policy keeps it (the printable export's is stricter).
 */
import type { MiddlewareHandler } from 'hono';

export function securityHeaders(options: { allowedOrigins: readonly string[]; https: boolean }): MiddlewareHandler {
  const liveOrigins = options.allowedOrigins.map((origin) => origin.replace(/^http/, 'ws'));
  const policy = [
    "default-src 'self'",
    "script-src 'self'",
    // The editor positions carets and colours people through style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${liveOrigins.join(' ')}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return async (c, next) => {
    await next();
    if (c.req.path.startsWith('/collab/')) return;
    const headers = c.res.headers;
    if (!headers.has('content-security-policy')) headers.set('content-security-policy', policy);
    headers.set('x-content-type-options', 'nosniff');
    headers.set('referrer-policy', 'no-referrer');
    headers.set('x-frame-options', 'DENY');
    headers.set('cross-origin-opener-policy', 'same-origin');
    if (options.https) headers.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
  };
}
