/**
 * The session cookie: HttpOnly, SameSite=Lax, Path=/; over https also Secure with the
 * `__Host-` prefix, which browsers only accept from the host itself over https.
 */
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { parse } from 'hono/utils/cookie';

export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-jointly_session' : 'jointly_session';
}

export function setSessionCookie(c: Context, token: string, secure: boolean, maxAgeSeconds: number): void {
  setCookie(c, sessionCookieName(secure), token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure,
    maxAge: Math.max(0, Math.floor(maxAgeSeconds)),
  });
}

export function clearSessionCookie(c: Context, secure: boolean): void {
  deleteCookie(c, sessionCookieName(secure), { path: '/', secure, httpOnly: true, sameSite: 'Lax' });
}

/** The session token in a Cookie header, if any. */
export function sessionTokenFrom(cookieHeader: string | null | undefined, secure: boolean): string | null {
  if (!cookieHeader) return null;
  return parse(cookieHeader, sessionCookieName(secure))[sessionCookieName(secure)] ?? null;
}
