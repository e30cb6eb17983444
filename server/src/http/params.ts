/** Path parameters: ids that cannot be ours are simply not found. */
import type { Context } from 'hono';
import { NotFound } from '../errors.js';

/** Ids of rows and rooms: what `newId()` makes, with room for older ones. */
export const idPattern = /^[a-z0-9]{10,40}$/;

/** A path parameter that must look like one of our ids, or a 404 with `message`. */
export function idParam(c: Context, name: string, message: string): string {
  const value = c.req.param(name) ?? '';
  if (!idPattern.test(value)) throw new NotFound(message);
  return value;
}
