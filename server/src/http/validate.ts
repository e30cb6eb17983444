/** Reading request bodies through the zod schemas in `shared/api.ts`. */
import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError, Invalid } from '../errors.js';

/** The parsed body, or an Invalid error naming each field that is wrong. */
export async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  // Only JSON: a form or text/plain body is what a cross-site page can send without asking.
  if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
    throw new AppError(415, 'unsupported_media_type', 'Send the request as JSON (Content-Type: application/json).');
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new Invalid('The request body must be JSON.');
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join('.') || '_';
    fields[key] ??= issue.code === 'unrecognized_keys' ? `Unexpected field: ${issue.keys.join(', ')}` : issue.message;
  }
  const first = Object.values(fields)[0] ?? 'The request is not valid.';
  throw new Invalid(first, fields);
}
