/**
 * Calls to the server's JSON API. Failures become ApiError with the server's plain-English
 * message and, for forms, a message per field.
 */
import type { ApiError as ApiErrorBody } from '../../../shared/api.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'offline', 'Jointly could not be reached. Check your connection and try again.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON; handled below.
  }
  if (!response.ok) {
    const error = (parsed as ApiErrorBody | null)?.error;
    throw new ApiError(
      response.status,
      error?.code ?? 'unknown',
      error?.message ?? 'Something went wrong. Please try again.',
      error?.fields ?? {},
    );
  }
  return parsed as T;
}

/**
 * GETs started while the app itself starts, for the page its address opens (see
 * `api.getEarly`), each handed to the first `api.get` of the same path and then forgotten,
 * so a later reload always asks the server again.
 */
const earlyGets = new Map<string, Promise<unknown>>();

/** An early answer not asked for within this time is dropped: the page went elsewhere. */
const earlyGetKeptMs = 10_000;

function takeEarly<T>(path: string): Promise<T> | null {
  const early = earlyGets.get(path);
  earlyGets.delete(path);
  return (early as Promise<T> | undefined) ?? null;
}

export const api = {
  get: <T>(path: string) => takeEarly<T>(path) ?? request<T>('GET', path),
  /** Starts a GET now that a page about to be shown will make, so it need not wait for it. */
  getEarly: (path: string): void => {
    if (earlyGets.has(path)) return;
    const pending = request('GET', path);
    const forget = () => {
      if (earlyGets.get(path) === pending) earlyGets.delete(path);
    };
    // A failed early request (signed out at the time, say) is not kept: the page asks again.
    pending.catch(forget);
    earlyGets.set(path, pending);
    setTimeout(forget, earlyGetKeptMs);
  },
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};
