/**
 * Refuses state-changing requests whose Origin is missing or foreign (CSRF). Hono's own
 * `csrf()` only looks at form posts; JSON bodies need this. Websocket upgrades are
 * checked the same way in the live-sync authorize hook.
 */
import type { MiddlewareHandler } from 'hono';
import { Forbidden } from '../errors.js';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isAllowedOrigin(origin: string | null | undefined, allowed: readonly string[]): boolean {
  return !!origin && allowed.includes(origin);
}

export function requireSameOrigin(allowed: readonly string[]): MiddlewareHandler {
  return async (c, next) => {
    if (!safeMethods.has(c.req.method) && !isAllowedOrigin(c.req.header('origin'), allowed)) {
      throw new Forbidden('This request did not come from Jointly itself, so it was refused.');
    }
    await next();
  };
}
